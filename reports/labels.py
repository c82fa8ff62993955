"""Every label the report pages show, in English and Korean, in one place.

Templates read them as ``t.key`` (a plain dict for one language); with
``StrictUndefined`` a key missing here fails the render instead of printing nothing.
"""

from __future__ import annotations

from grader.i18n import Text

LABELS: dict[str, Text] = {
    # page furniture
    "class_report": Text("Class report", "학급 보고서"),
    "generated": Text("Generated", "작성 시각"),
    "due": Text("Due", "마감"),
    "no_due": Text("no due time", "마감 없음"),
    "back_to_class": Text("Class overview", "학급 전체 보기"),
    "items_nav": Text("Items", "항목"),
    "exercise": Text("Exercise", "연습문제"),
    "quiz": Text("Quiz", "퀴즈"),
    "learner": Text("Learner", "학습자"),
    "learners": Text("Learners", "학습자"),
    "item": Text("Item", "항목"),
    "kind": Text("Kind", "종류"),
    "weight": Text("Weight", "가중치"),
    "total": Text("Total", "합계"),
    "yes": Text("yes", "예"),
    "no": Text("no", "아니요"),
    "late_mark": Text("late", "늦음"),
    "more": Text("and {n} more", "외 {n}명"),
    # the class page
    "grid": Text("Best score per learner and item", "학습자·항목별 최고 점수"),
    "grid_note": Text("Each cell is the best attempt's share of the item's points, in percent; "
                      "* marks a late best attempt, – an item not submitted. The total weighs each item "
                      "by its weight and counts missing work as 0.",
                      "각 칸은 최고 시도의 점수 비율(%)입니다. *는 마감 뒤 제출한 최고 시도, –는 제출하지 않은 "
                      "항목입니다. 합계는 항목별 가중치를 적용하며 제출하지 않은 항목은 0점으로 셉니다."),
    "distribution": Text("Class scores", "학급 점수 분포"),
    "distribution_note": Text("Totals of the learners with any graded work (missing roster learners are "
                              "listed below, not counted). SD is the sample standard deviation.",
                              "채점된 제출이 하나라도 있는 학습자의 합계입니다(제출이 없는 명단 학습자는 아래에 "
                              "따로 적고 세지 않습니다). 표준편차는 표본 표준편차입니다."),
    "n": Text("N", "인원"),
    "mean": Text("Mean", "평균"),
    "median": Text("Median", "중앙값"),
    "sd": Text("SD", "표준편차"),
    "min": Text("Min", "최저"),
    "max": Text("Max", "최고"),
    "at_zero": Text("At 0%", "0%인 비율"),
    "at_full": Text("At 100%", "100%인 비율"),
    "histogram": Text("Histogram (10 bins)", "히스토그램(10구간)"),
    "count": Text("learners", "명"),
    "items_table": Text("Items", "항목별 통계"),
    "items_note": Text("Over the learners with any graded work; an item they did not submit counts 0. "
                       "Discrimination: the correlation of the item's score with the rest of the total "
                       "(as Moodle computes it); below 0.2 the item hardly separates stronger from weaker "
                       "learners.",
                       "채점된 제출이 있는 학습자 기준이며, 제출하지 않은 항목은 0점으로 셉니다. "
                       "변별도: 항목 점수와 나머지 합계 점수의 상관계수(Moodle과 같은 방식)입니다. 0.2 미만이면 "
                       "잘하는 학습자와 못하는 학습자를 거의 가르지 못합니다."),
    "submitted": Text("Submitted", "제출"),
    "pass_rate": Text("Pass rate", "통과율"),
    "attempts_to_pass": Text("Median attempts to pass", "통과까지 시도 수(중앙값)"),
    "late": Text("Late", "늦은 제출"),
    "discrimination": Text("Discrimination", "변별도"),
    "flags": Text("Flagged items", "점검할 항목"),
    "flags_none": Text("No item is flagged.", "점검할 항목이 없습니다."),
    "flag_easy": Text("too easy: mean above 90%", "너무 쉬움: 평균 90% 초과"),
    "flag_hard": Text("too hard: mean below 30%", "너무 어려움: 평균 30% 미만"),
    "flag_low_discrimination": Text("discrimination below 0.2", "변별도 0.2 미만"),
    "flag_check_never_passed": Text("a check nobody passes", "아무도 통과하지 못한 검사"),
    "flag_question_never_right": Text("a question nobody answers right", "아무도 맞히지 못한 문항"),
    "flag_nobody": Text("nobody submitted it", "아무도 제출하지 않음"),
    "missing": Text("Missing learners", "제출이 없는 학습자"),
    "missing_note": Text("On the roster, with nothing graded (their totals count 0).",
                         "명단에 있지만 채점된 제출이 없는 학습자입니다(합계 0점)."),
    "missing_none": Text("Everyone on the roster has graded work.", "명단의 모든 학습자에게 채점된 제출이 있습니다."),
    "others": Text("Not on the roster (not counted)", "명단에 없는 학습자(세지 않음)"),
    # item pages
    "checks": Text("Checks", "검사"),
    "checks_note": Text("Passing: the share of learners whose best attempt passes the check. Failed: "
                        "the share of all attempts that failed it. The message is the latest failure's.",
                        "통과: 최고 시도가 이 검사를 통과한 학습자의 비율. 실패: 전체 시도 중 이 검사에 실패한 "
                        "비율. 메시지는 가장 최근 실패의 것입니다."),
    "check": Text("Check", "검사"),
    "points": Text("Points", "배점"),
    "passing": Text("Passing (best)", "통과(최고 시도)"),
    "failed_attempts": Text("Failed (all attempts)", "실패(전체 시도)"),
    "message": Text("Latest failure message", "최근 실패 메시지"),
    "mistakes": Text("Named mistakes", "이름 붙은 실수"),
    "mistakes_note": Text("The known mistakes the checks recognised, most frequent first. Fixed: the "
                          "learner's last attempt passes every check on which they made it.",
                          "검사가 알아본 알려진 실수를 많은 순으로 보입니다. 고침: 마지막 시도가 그 실수를 "
                          "했던 검사를 모두 통과함."),
    "mistakes_none": Text("No named mistake was recorded.", "기록된 이름 붙은 실수가 없습니다."),
    "mistake": Text("Mistake", "실수"),
    "what": Text("What the learner did", "학습자가 한 일"),
    "made_by": Text("Learners", "학습자 수"),
    "in_attempts": Text("Attempts", "시도 수"),
    "fixed": Text("Fixed later", "나중에 고침"),
    "who": Text("Who", "누가"),
    "item_scores": Text("Scores on this item", "이 항목의 점수"),
    "item_scores_note": Text("Best attempts of the learners who submitted it.",
                             "제출한 학습자의 최고 시도 기준입니다."),
    "quintiles": Text("Mean score by quintile of the total", "합계 5분위별 평균 점수"),
    "quintiles_note": Text("Learners ranked by total and cut into five groups, weakest first; a useful "
                           "item rises from left to right.",
                           "합계 순으로 학습자를 다섯 무리로 나눈 것입니다(낮은 쪽부터). 좋은 항목은 왼쪽에서 "
                           "오른쪽으로 올라갑니다."),
    "quintile_short": Text("Q{n}", "{n}분위"),
    "timeline": Text("Attempts over time", "시간에 따른 시도"),
    "timeline_note": Text("Attempts per period by when the file was last changed; the darker part passed. "
                          "The line marks the due time.",
                          "파일을 마지막으로 바꾼 시각 기준 기간별 시도 수입니다. 진한 부분은 통과한 시도이고, "
                          "선은 마감 시각입니다."),
    "attempts": Text("Attempts", "시도"),
    "passed_attempts": Text("passed", "통과"),
    "no_attempts": Text("No attempts yet.", "아직 시도가 없습니다."),
    "questions": Text("Item analysis", "문항 분석"),
    "questions_note": Text("Over each learner's best attempt. Facility: the mean score as a share of the "
                           "points. Discrimination: the correlation of the question's score with the rest "
                           "of the quiz.",
                           "학습자별 최고 시도 기준입니다. 정답률(난이도 지수): 배점 대비 평균 점수. 변별도: 문항 "
                           "점수와 퀴즈 나머지 점수의 상관계수."),
    "question": Text("Question", "문항"),
    "facility": Text("Facility", "정답률"),
    "option": Text("Option", "보기"),
    "chosen": Text("Chosen", "선택"),
    "correct": Text("correct", "정답"),
    "misconception": Text("Misconception", "오개념"),
    "wrong_answers": Text("Wrong answers", "틀린 답"),
    "other_wrong": Text("other wrong answers", "그 밖의 틀린 답"),
    "no_answer": Text("no answer", "무응답"),
    "examples": Text("e.g.", "예"),
    "alpha": Text("Cronbach's alpha", "크론바흐 알파"),
    "alpha_note": Text("The quiz's internal consistency over the learners' best attempts (about 0.7 or "
                       "more is usual for a test meant to rank).",
                       "학습자 최고 시도 기준 퀴즈의 내적 일관성입니다(순위를 매기려는 시험이면 보통 0.7 이상)."),
    "not_computable": Text("not computable", "계산할 수 없음"),
    # learner pages
    "progress": Text("Progress", "진행 상황"),
    "best": Text("Best", "최고"),
    "best_pct": Text("Best %", "최고 %"),
    "last": Text("Last", "마지막"),
    "first_passed": Text("First passed", "처음 통과"),
    "status": Text("Status", "상태"),
    "passed": Text("passed", "통과"),
    "failed": Text("failed", "미통과"),
    "not_attempted": Text("not attempted", "미작성"),
    "not_started": Text("not started", "시작 전"),
    "over_time": Text("Total over time", "시간에 따른 합계"),
    "over_time_note": Text("The total after each attempt, counting the best of each item so far.",
                           "시도할 때마다 그때까지 항목별 최고 점수로 센 합계입니다."),
    "mastery": Text("Mastery per concept", "개념별 숙달도"),
    "mastery_note": Text("The best score on the items that teach each concept.",
                         "각 개념을 다루는 항목의 최고 점수입니다."),
    "concept": Text("Concept", "개념"),
    "my_mistakes": Text("Mistakes made", "했던 실수"),
    "my_mistakes_none": Text("No named mistake so far.", "아직 이름 붙은 실수가 없습니다."),
    "first_seen": Text("First seen", "처음 나온 때"),
    "code": Text("Last submission", "마지막 제출"),
    "code_none": Text("No submission text stored.", "저장된 제출 내용이 없습니다."),
    "quiz_answers": Text("Quiz answers", "퀴즈 답"),
    "quiz_answers_note": Text("The answers of the best attempt at each quiz.", "퀴즈마다 최고 시도의 답입니다."),
    "your_answer": Text("Answer", "답"),
    "right": Text("right", "맞음"),
    "wrong": Text("wrong", "틀림"),
    "next": Text("What to do next", "다음에 할 일"),
    "next_done": Text("Everything is passed. Well done!", "모두 통과했습니다. 잘했습니다!"),
    "next_fix": Text("Fix {title}: {n} check(s) still fail.", "{title} 고치기: 아직 검사 {n}개가 실패합니다."),
    "next_mistake": Text("Your last attempt still shows: {what}.", "마지막 시도에 아직 남은 실수: {what}."),
    "next_write": Text("Write {title}: your file is still the untouched stub.",
                       "{title} 작성하기: 파일이 아직 손대지 않은 스텁입니다."),
    "next_start": Text("Start {title}.", "{title} 시작하기."),
    "next_quiz": Text("Take the quiz {title} ({score} so far).", "퀴즈 {title} 풀기(지금까지 {score})."),
    "own_title": Text("My progress", "나의 진행 상황"),
}


def labels(lang: str) -> dict[str, str]:
    """Every label in ``lang`` ("en" or "ko")."""
    return {key: text.get(lang) for key, text in LABELS.items()}
