"""Exercises checked on the web page give the kernel's feedback; solutions show answers.

The build replaces each exercise's "Not answered yet ... run the cell" output by a
form whose script judges an answer from JSON written at build time
(:mod:`book.exercises.web`). The browser tests type, for every exercise of the
registry, each documented mistake, the solution and clearly wrong answers into the
built page, press Check, and compare what the page says with what
``exercises.check`` says in a kernel, word for word and class for class.
"""

from __future__ import annotations

import functools
import html
import json
import re
from pathlib import Path

import pytest
from conftest import ROOT, gate

from book import data, exercises
from book.exercises import web

EXERCISES = exercises.registry()
IDS = sorted(EXERCISES)
SHOTS = ROOT / "_build" / "screenshots"


@pytest.fixture(scope="module")
def d() -> data.BookData:
    return data.load()


# ------------------------------------------------------------------ the JSON


@pytest.mark.parametrize("exercise_id", IDS)
def test_the_spec_is_the_kernel_check_s_own_numbers_and_words(
    d: data.BookData, exercise_id: str
) -> None:
    exercise = EXERCISES[exercise_id]
    spec = json.loads(web.spec_json(exercise, d))
    assert spec["id"] == exercise_id
    assert spec["labels"] == exercises.STATUS_LABELS
    assert spec["target"] == exercise.expected(d)
    correct = exercises.check(exercise_id, exercise.solution(d), data=d)
    assert spec["messages"]["correct"] == correct.message
    if isinstance(exercise, exercises.NumberExercise):
        assert [s[1] for s in spec["slips"]] + [s[1] for s in spec["scales"]] == (
            exercise.hints()
        )
        for (value, _), (slip, _) in zip(spec["slips"], exercise.slips, strict=True):
            assert value == float(slip(d))
    else:
        assert spec["messages"]["wrong"] == exercise.hint


def test_the_spec_cannot_close_its_script_element(d: data.BookData) -> None:
    exercise = EXERCISES["open-top-section"]
    hostile = exercises.ChoiceExercise(
        "x",
        options=("</script><b>",),
        expected=lambda _: "</script><b>",
        hint="a & b",
        solution=lambda _: "",
    )
    text = web.spec_json(hostile, d)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["target"] == "</script><b>"
    form = web.form_html(hostile, d)
    assert form.count("</script>") == 1 and "<b>" not in form
    assert 'data-exercise="open-top-section"' in web.form_html(exercise, d)


def test_answer_text_uses_the_exercise_s_precision_and_unit(d: data.BookData) -> None:
    years = EXERCISES["platforms-runhours-years"]
    assert years.answer_text(d) == f"{years.expected(d):.1f} years of non-stop running"
    share = EXERCISES["bay-share-2023-revised"]  # "% of China's GDP, two decimals"
    assert share.answer_text(d) == f"{share.expected(d):.2f}% of China's GDP"
    density = EXERCISES["bay-density-macao"]
    assert density.answer_text(d) == f"{density.expected(d):,.0f} persons per km²"
    city = EXERCISES["bay-densest-mainland"]
    row = d.cities.set_index("city_id").loc[city.expected(d)]
    assert city.answer_text(d) == f"{row['name_en']} ({row['name_zh']})"


# ------------------------------------------------------------------ the built pages


def _chapter_pages(built_book: Path) -> dict[str, str]:
    return {
        page.name: page.read_text(encoding="utf-8")
        for page in sorted((built_book / "chapters").glob("*.html"))
    }


@pytest.mark.build
def test_every_exercise_has_a_form_and_no_page_asks_to_run_a_cell(
    built_book: Path,
) -> None:
    forms = []
    for name, text in _chapter_pages(built_book).items():
        assert "gba-unanswered" not in text, name
        found = re.findall(
            r'<form class="gba-check [^"]+" data-exercise="([\w-]+)"', text
        )
        forms += found
        scripts = "gba/gba-exercises.js" in text, "gba/gba-exercises.css" in text
        assert scripts == (bool(found), bool(found)), name
    assert sorted(forms) == IDS


@pytest.mark.build
def test_every_solution_starts_with_its_answer(
    built_book: Path, d: data.BookData
) -> None:
    shown = {}
    for text in _chapter_pages(built_book).values():
        for solution in re.findall(
            r'<div class="solution dropdown admonition".*?</section>', text, re.S
        ):
            answer = re.search(
                r'<section id="solution-content">\s*<p class="gba-answer">'
                r"<strong>Answer:</strong> (.*?)</p>",
                solution,
            )
            # the solution's code as text (whatever spans highlighting puts in it)
            code = html.unescape(re.sub(r"<[^>]+>", "", solution))
            check = re.search(r'exercises\.check\(\s*"([\w-]+)"', code)
            if check:
                assert answer, check[1]
                # Chinese (a city's name) is marked: <span lang="zh-Hans">深圳</span>
                plain = re.sub(r'<span lang="zh-Hans">([^<]*)</span>', r"\1", answer[1])
                shown[check[1]] = html.unescape(plain)
    assert sorted(shown) == IDS
    for exercise_id, text in shown.items():
        expected = EXERCISES[exercise_id].answer_text(d).replace("'", "’")
        assert text == expected, exercise_id


# ------------------------------------------------------------------ in the browser


def _kernel_box(exercise_id: str, answer: object, d: data.BookData) -> tuple:
    """The class, text and Chinese runs of the feedback box the kernel prints for
    ``answer`` (its runs marked ``lang="zh-Hans"`` as the build marks a page)."""
    from book.sphinxext.chinese import mark_html

    feedback = exercises.check(exercise_id, answer, data=d)
    label = exercises.STATUS_LABELS[feedback.status]
    marked, _ = mark_html(feedback._repr_html_())
    return (
        f"gba-feedback gba-{feedback.status}",
        f"{label} ({exercise_id}): {feedback.message}",
        [
            html.unescape(r)
            for r in re.findall(r'<span lang="zh-Hans">(.*?)</span>', marked)
        ],
    )


def _typed(answer: object) -> str:
    """What a reader types for a number (the repr round-trips the double)."""
    return repr(answer) if isinstance(answer, float) else str(answer)


def _answers(exercise, d: data.BookData) -> list[tuple[object, str]]:
    """(what the kernel is given, what the page is given) for every case tested:
    each documented mistake, the solution, and clearly wrong answers."""
    given = [m.answer(d) for m in exercise.mistakes] + [exercise.solution(d)]
    if isinstance(exercise, exercises.NumberExercise):
        target = float(exercise.expected(d))
        numbers = [float(a) if not isinstance(a, int) else a for a in given]
        numbers += [target * 3.7 + 1, -target * 3.7 - 1, target * 1.02, 0]
        cases = [(n, _typed(n)) for n in numbers]
        cases += [("abc", "abc"), ("it's 5", "it's 5"), ('a "b"', 'a "b"')]
        cases += [("10万", "10万")]  # Chinese typed in: marked as the page marks it
        # the page reads "12 %" as 12 where the answer is in percent
        cases += [(12 if exercise.unit.startswith("%") else "12 %", "12 %")]
        return [*cases, (target, f"{target:,}")]
    names = exercise.names(d)
    picks = [str(a) for a in given] + [value for value, _ in exercise.choices(d)]
    return [(a, names[a.strip().lower()]) for a in picks]


def _open(browser, server: str, chapter: str, **context):
    ctx = browser.new_context(**context)
    ctx.route("**/*", functools.partial(gate, base=server, outside=[]))
    page = ctx.new_page()
    page.goto(server + f"chapters/{chapter}")
    page.wait_for_selector("form.gba-check:not([hidden])")
    return ctx, page


# Every form of a page is given its answers at once, one after another in each
# form (as a reader types, picks or ticks, then presses Check): a round trip per
# answer took a minute for the book's few hundred cases.
_CHECK_ALL = """async cases => {
  const settled = form => new Promise(done => {
    const result = form.querySelector('.gba-check-result');
    const look = () => result.querySelector('.gba-feedback');
    if (look()) return done(look());
    const watch = new MutationObserver(() => {
      if (look()) { watch.disconnect(); done(look()); }
    });
    watch.observe(result, {childList: true, subtree: true});
  });
  const one = async ([id, kind, typed]) => {
    const form = document.querySelector(`form[data-exercise='${id}']`);
    const shown = [];
    for (const answer of typed) {
      if (kind === 'choice') {
        [...form.querySelectorAll('input[type=radio]')]
          .forEach(r => { r.checked = r.value === answer; });
      } else {
        const field = form.querySelector(kind === 'city' ? 'select' : 'input[type=text]');
        field.value = answer;
        field.dispatchEvent(new Event('input', {bubbles: true}));
      }
      form.querySelector('.gba-check-result').textContent = '';
      form.querySelector('button').click();
      const box = await settled(form);
      shown.push([box.getAttribute('class'), box.innerText,
        [...box.querySelectorAll('span[lang="zh-Hans"]')].map(s => s.textContent)]);
    }
    return shown;
  };
  return Promise.all(cases.map(one));
}"""


def _kind(exercise) -> str:
    if isinstance(exercise, exercises.NumberExercise):
        return "number"
    return "city" if isinstance(exercise, exercises.CityExercise) else "choice"


@pytest.mark.build
@pytest.mark.browser
def test_the_page_gives_the_kernel_s_feedback_for_every_exercise(
    built_book: Path, server: str, browser, d: data.BookData
) -> None:
    running = []  # every chapter's page loads and checks at the same time
    contexts = []
    for chapter, text in _chapter_pages(built_book).items():
        ids = re.findall(
            r'<form class="gba-check [^"]+" data-exercise="([\w-]+)"', text
        )
        if ids:
            contexts.append(browser.new_context())
            contexts[-1].route("**/*", functools.partial(gate, base=server, outside=[]))
            page = contexts[-1].new_page()
            page.goto(server + f"chapters/{chapter}", wait_until="commit")
            running.append((page, {i: _answers(EXERCISES[i], d) for i in ids}))
    for page, cases in running:
        page.wait_for_selector("form.gba-check:not([hidden])")
        page.evaluate(
            "cases => { window.gbaTestChecks = (" + _CHECK_ALL + ")(cases); }",
            [
                [i, _kind(EXERCISES[i]), [typed for _, typed in c]]
                for i, c in cases.items()
            ],
        )
    differ = []
    checked = 0
    for page, cases in running:
        shown = page.evaluate("() => window.gbaTestChecks")
        for (exercise_id, answers), boxes in zip(cases.items(), shown, strict=True):
            for (given, typed), box in zip(answers, boxes, strict=True):
                kernel = _kernel_box(exercise_id, given, d)
                checked += 1
                if tuple(box) != kernel:
                    differ.append((exercise_id, typed, kernel, tuple(box)))
    for ctx in contexts:
        ctx.close()
    assert checked > 8 * len(IDS)
    assert not differ, "\n".join(map(str, differ[:10]))


@pytest.mark.build
@pytest.mark.browser
def test_the_check_works_from_the_keyboard_and_speaks(
    built_book: Path, server: str, browser, d: data.BookData
) -> None:
    ctx, page = _open(browser, server, "platforms.html")
    form = page.locator("form[data-exercise='platforms-runhours-years']")
    field = form.locator("input[type=text]")
    # labelled, and the feedback lands in a live region
    assert form.locator("label[for]").get_attribute("for") == field.get_attribute("id")
    assert form.locator(".gba-check-result").get_attribute("aria-live") == "polite"
    field.focus()
    page.keyboard.type("2")
    page.keyboard.press("Enter")  # submits the form
    box = form.locator(".gba-check-result .gba-feedback")
    box.wait_for()
    assert box.inner_text().startswith("Not yet")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Check"
    field.fill("")
    page.keyboard.press("Enter")  # an empty answer is not sent to a kernel
    assert form.locator(".gba-feedback").inner_text() == (
        "Not answered yet (platforms-runhours-years): " + web.PROMPTS["number"]
    )
    ctx.close()
    ctx, page = _open(browser, server, "conclusion.html")
    radios = page.locator("form[data-exercise='open-top-section'] input[type=radio]")
    radios.first.focus()
    page.keyboard.press("ArrowDown")  # moves the choice to the next option
    page.keyboard.press("Enter")
    box = page.locator("form[data-exercise='open-top-section'] .gba-feedback")
    box.wait_for()
    second = EXERCISES["open-top-section"].options[1]
    assert box.inner_text() == _kernel_box("open-top-section", second, d)[1]
    ctx.close()


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_screenshots_of_an_exercise_before_and_after_checking(
    built_book: Path, server: str, browser, width: int, mode: str
) -> None:
    """For looking at (_build/screenshots/exercise-*.png); asserts only the layout:
    the form fits the column and nothing scrolls sideways."""
    ctx, page = _open(
        browser,
        server,
        "platforms.html",
        viewport={"width": width, "height": 844 if width < 500 else 800},
        color_scheme=mode,
    )
    if mode == "dark":
        page.evaluate("document.documentElement.dataset.theme = 'dark'")
    SHOTS.mkdir(parents=True, exist_ok=True)
    exercise = page.locator("#platforms-ex-runyears")
    exercise.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)
    stem = SHOTS / f"exercise-{width}-{mode}"
    page.screenshot(path=f"{stem}-before.png")
    form = exercise.locator("form.gba-check")
    form.locator("input").fill("1.14")
    form.locator("button").click()
    form.locator(".gba-feedback").wait_for()
    page.screenshot(path=f"{stem}-after.png")
    solution = page.locator(".solution.dropdown").first
    solution.locator("button.toggle-button").click()
    solution.locator(".gba-answer").wait_for()
    solution.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)
    page.screenshot(path=f"{stem}-solution.png")
    right = form.evaluate("f => f.getBoundingClientRect().right")
    column = exercise.evaluate("e => e.getBoundingClientRect().right")
    assert right <= column + 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    ctx.close()


def test_the_spec_follows_the_data_it_is_built_from(data_copy: Path) -> None:
    """The expected value and the slips are computed from the data at build time,
    never typed in: change a figure and the page's JSON changes with it."""
    from conftest import set_cell

    exercise = EXERCISES["platforms-runhours-years"]
    before = web.spec(exercise, data.load())
    set_cell(
        data_copy / "article_facts.csv",
        {"fact_id": "guangming-synbio-run-hours"},
        "value",
        "200000",
    )
    after = web.spec(exercise, data.load(data_copy))
    assert after["target"] == pytest.approx(2 * before["target"])
    assert after["slips"][0][0] == pytest.approx(2 * before["slips"][0][0])
    assert exercise.answer_text(data.load(data_copy)) == (
        f"{200000 / (24 * 365):.1f} years of non-stop running"
    )


def _cell(source: str, output_html: str):
    """A myst-nb code cell as the doctree holds it: its source and one HTML output."""
    from docutils import nodes

    cell = nodes.container(nb_element="cell_code", classes=["cell"])
    cell += nodes.container(
        "", nodes.literal_block(source, source), nb_element="cell_code_source"
    )
    cell += nodes.container(
        "",
        nodes.raw("", output_html, format="html"),
        nb_element="cell_code_output",
    )
    return cell


def test_the_build_swaps_only_an_unanswered_output_for_the_form(
    d: data.BookData,
) -> None:
    from docutils import nodes
    from sphinx_exercise.nodes import exercise_enumerable_node, solution_node

    from book.sphinxext import exercises as ext

    exercise = EXERCISES["platforms-runhours-years"]
    source = 'years = ...\nexercises.check("platforms-runhours-years", years)'
    unanswered = exercises.check(exercise.exercise_id, ..., data=d)._repr_html_()
    block = exercise_enumerable_node()
    block += _cell(source, unanswered)
    cell = block[0]
    assert ext.check_id(cell) == "platforms-runhours-years"
    assert ext.add_form(cell, exercise, d) is None
    assert "gba-unanswered" not in block.astext()
    (form,) = [n for n in block.findall(nodes.raw) if "gba-check" in n.astext()]
    assert form.astext() == web.form_html(exercise, d)
    # an exercise cell that shows an answer would lose it: refused, with a reason
    answered = _cell(source, "<div class='gba-feedback gba-correct'>Correct</div>")
    assert "does not show the unanswered feedback" in ext.add_form(
        answered, exercise, d
    )
    # the solution gets its answer once, first in its content
    solution = solution_node()
    solution += nodes.paragraph("", "Solution to Exercise 3.1")
    solution += nodes.section("", nodes.paragraph("", "Divide the hours."))
    solution[1] += _cell(source, "<div class='gba-feedback gba-correct'></div>")
    for _ in range(2):
        ext.add_answer(solution[1][1], exercise, d)
    answers = [
        p for p in solution.findall(nodes.paragraph) if "gba-answer" in p["classes"]
    ]
    assert len(answers) == 1 and solution[1][0] is answers[0]
    assert answers[0].astext() == f"Answer: {exercise.answer_text(d)}"
