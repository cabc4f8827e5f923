"""A case's answers to its class's questions as people read them: each question by its text and
each answer by its label ("垃圾量：较多"), never the codes they are stored under
("volume: medium"). The case page, the export and the API's text say them so."""

from __future__ import annotations

from civicgrid.catalogue.models import ClassQuestion


def lines(questions, answers) -> list[tuple[str, str]]:
    """(question, answer) for each question answered, in the questions' order; an answer to a
    question the class no longer asks is kept under its code, so nothing given is lost."""
    if not isinstance(answers, dict) or not answers:
        return []
    out = []
    asked = set()
    for q in questions:
        asked.add(q.code)
        if q.code in answers and answers[q.code] not in (None, "", []):
            out.append((q.text, q.answer_text(answers[q.code])))
    out += [(code, str(value)) for code, value in answers.items() if code not in asked and value]
    return out


def text(questions, answers) -> str:
    """One line: "垃圾量：较多；是否占道：是"."""
    return "；".join(f"{q}：{a}" for q, a in lines(questions, answers))


class Questions:
    """The questions of each class, read once per class (an export of many cases)."""

    def __init__(self) -> None:
        self._by_class: dict[int, list] = {}

    def of(self, case_class_id: int) -> list:
        if case_class_id not in self._by_class:
            self._by_class[case_class_id] = list(
                ClassQuestion.objects.filter(case_class_id=case_class_id).order_by("order", "pk")
            )
        return self._by_class[case_class_id]
