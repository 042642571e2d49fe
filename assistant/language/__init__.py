"""What words mean to every stage, read one way: numbers (`numbers.py`); the stages import
it, never each other's copies."""
