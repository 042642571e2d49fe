"""What words mean to every stage, read one way: numbers (`numbers.py`), dates and a question's
time words (`dates.py`, `when.py`), what a question asks for (`asked.py`, `followups.py`,
`briefing.py`), what a sentence names (`mentions.py`, `places.py`), whom its opening stands
for (`antecedents.py`) and whose words it is (`speakers.py`). The stages import it, never each
other's copies."""
