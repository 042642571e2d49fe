"""The answer-selection settings `assistant calibrate` chose for a store (how many sentences to
cite: `answer.relative_floor`), and the settings in force with them. Fitted by
eval/calibration/selection.py."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from assistant.answer.gate import write_json
from assistant.config import AnswerSettings
from assistant.errors import ConfigError

SELECTION_FILE = "answer_selection.json"


@dataclass(frozen=True)
class Selection:
    """The answer-selection settings `assistant calibrate` chose."""

    relative_floor: float
    fitted_on: str = ""

    def save(self, path: Path) -> None:
        write_json(path, asdict(self))

    @classmethod
    def load(cls, path: Path) -> Selection:
        """The selection in `path` (as `assistant calibrate` writes it); a `ConfigError` naming
        the file and the fix when it is unreadable or out of range."""
        fix = "run `assistant calibrate` again or delete the file"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            floor = float(data["relative_floor"])
        except (OSError, ValueError, TypeError) as e:
            raise ConfigError(f"answer selection {path}: cannot read it ({e}); {fix}") from e
        except KeyError as e:
            raise ConfigError(f"answer selection {path}: field {e} is missing; {fix}") from e
        if not 0.0 <= floor <= 1.0:
            raise ConfigError(
                f"answer selection {path}: field 'relative_floor' is {floor}, "
                f"not between 0 and 1; {fix}"
            )
        return cls(floor, str(data.get("fitted_on", "")))


def selected(answer: AnswerSettings, store_dir: Path) -> AnswerSettings:
    """`answer` with the store's calibrated floor, unless the user set the floor themselves."""
    path = store_dir / SELECTION_FILE
    if "relative_floor" in answer.model_fields_set or not path.is_file():
        return answer
    return answer.model_copy(update={"relative_floor": Selection.load(path).relative_floor})
