"""class.toml: what a class is graded on, every mistake in it a clear error with its line."""

import datetime as dt
import textwrap
import tomllib

import pytest

from grader import assignment
from grader.assignment import AssignmentError


def write(tmp_path, text):
    (tmp_path / "class.toml").write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def test_no_file_assigns_the_whole_course_in_course_order(tmp_path):
    a = assignment.load(tmp_path)
    ids = a.ids
    assert ids[0] == "epoch_math" and "softmax" in ids and "epoch_batch_iteration" in ids
    assert [i.kind for i in a.items].index("quiz") == 14           # every exercise, then every quiz
    assert all(i.weight == 1 for i in a.items) and a.total_weight == len(ids)
    assert a.due is None and a.roster is None and a.path is None


def test_a_full_file_is_read_into_the_dataclass(tmp_path):
    a = assignment.load(write(tmp_path, """
        title = "DL 101"
        items = ["softmax", "one_hot", "epoch_batch_iteration"]
        due = 2027-04-01T23:59:00+09:00
        roster = ["ana", "ben", "이서연"]
        [weights]
        softmax = 2
        epoch_batch_iteration = 0.5
    """))
    assert a.title == "DL 101" and a.ids == ("softmax", "one_hot", "epoch_batch_iteration")
    assert [i.weight for i in a.items] == [2.0, 1.0, 0.5] and a.total_weight == 3.5
    assert [i.kind for i in a.items] == ["exercise", "exercise", "quiz"]
    assert a.due == dt.datetime(2027, 4, 1, 14, 59, tzinfo=dt.timezone.utc)
    assert a.roster == ("ana", "ben", "이서연")
    with pytest.raises(dataclass_frozen()):
        a.title = "x"


def dataclass_frozen():
    import dataclasses
    return dataclasses.FrozenInstanceError


def test_late_is_judged_by_when_the_file_changed(tmp_path):
    a = assignment.load(write(tmp_path, 'items = ["softmax"]\ndue = 2027-04-01T23:59:00+09:00\n'))
    assert not a.is_late("2027-04-01T14:58:59+00:00")
    assert a.is_late("2027-04-01T15:00:00+00:00")
    assert not a.is_late(None) and not a.is_late("not a time")
    assert not assignment.load(tmp_path / "nowhere" if False else write(tmp_path, 'items = ["softmax"]\n')).is_late(
        "2099-01-01T00:00:00+00:00")          # no due time: nothing is late


def test_a_due_date_without_a_time_means_the_end_of_that_day_and_a_local_time_this_machines_zone(tmp_path):
    a = assignment.load(write(tmp_path, 'due = 2027-04-01\n'))
    assert (a.due.hour, a.due.minute) == (23, 59) and a.due.tzinfo is not None
    b = assignment.load(write(tmp_path, 'due = 2027-04-01T12:00:00\n'))
    assert b.due.tzinfo is not None and b.due.replace(tzinfo=None) == dt.datetime(2027, 4, 1, 12)


@pytest.mark.parametrize("text, words, line", [
    ('title = "x"\nitems = ["softmax", "sofmax"]\n', ["'sofmax'", "Did you mean 'softmax'"], 2),
    ('items = ["softmax", "softmax"]\n', ["listed twice"], 1),
    ('items = []\n', ["empty"], 1),
    ('items = "softmax"\n', ["must be a list"], 1),
    ('title = 3\n', ["title must be a string"], 1),
    ('\n\ndue = "tomorrow"\n', ["due must be a TOML date-time"], 3),
    ('roster = ["ana", "ana"]\n', ["on the roster twice"], 1),
    ('roster = ["a/b"]\n', ["cannot be a learner folder name"], 1),
    ('items = ["softmax"]\n[weights]\none_hot = 2\n', ["not in items"], 3),
    ('items = ["softmax"]\n[weights]\nsoftmax = -1\n', ["must be a number ≥ 0"], 3),
    ('items = ["softmax"]\n[weights]\nsoftmax = 0\n', ["every weight is 0"], None),
    ('titel = "x"\n', ["unknown key 'titel'"], 1),
    ('title = "x\n', ["not valid TOML", "line 1"], None),
])
def test_every_mistake_is_a_clear_error_naming_the_file_and_line(tmp_path, text, words, line):
    write(tmp_path, text)
    with pytest.raises(AssignmentError) as e:
        assignment.load(tmp_path)
    message = str(e.value)
    assert str(tmp_path / "class.toml") in message
    for word in words:
        assert word in message, message
    if line is not None:
        assert f"line {line}" in message, message


def test_a_class_file_that_is_a_link_or_not_utf8_is_refused(tmp_path):
    (tmp_path / "elsewhere.toml").write_text('title = "x"\n')
    (tmp_path / "class.toml").symlink_to(tmp_path / "elsewhere.toml")
    with pytest.raises(AssignmentError, match="link"):
        assignment.load(tmp_path)
    (tmp_path / "class.toml").unlink()
    (tmp_path / "class.toml").write_bytes(b'title = "\xff"\n')
    with pytest.raises(AssignmentError, match="UTF-8"):
        assignment.load(tmp_path)


def test_the_starter_file_is_valid_commented_and_assigns_the_whole_course():
    text = assignment.starter_text('Spring "27"')
    parsed = assignment.parse(tomllib.loads(text), text)
    assert parsed.title == 'Spring "27"' and parsed.ids == assignment.default().ids
    assert parsed.due is None and parsed.roster is None
    for key in ("due", "roster", "[weights]"):
        assert key in text
    # uncommenting the examples gives a valid file too
    uncommented = text.replace("# due =", "due =").replace("# roster =", "roster =").replace(
        "# softmax = 2", "softmax = 2")
    full = assignment.parse(tomllib.loads(uncommented), uncommented)
    assert full.due is not None and full.roster == ("ana", "ben", "cho") and full.item("softmax").weight == 2
