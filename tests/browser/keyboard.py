"""Moving through a page with the keyboard only, checking that focus can be seen at each step."""

# Where focus is, and whether a person can see it: the focused element draws an outline or a
# shadow (the styles for :focus and :focus-visible apply by then) and is on the page.
FOCUS = """([css, name]) => {
  const el = document.activeElement;
  if (!el || el === document.body) return {matches: false, problem: ""};
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const drawn = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
    || (style.boxShadow && style.boxShadow !== "none");
  // Inside a built-in control's own part (a date field's calendar button) the browser draws it.
  const ownPart = el.matches(":focus-within") && !el.matches(":focus");
  let problem = "";
  if (!drawn && !ownPart) problem = "no outline or shadow";
  else if (box.width === 0 || box.height === 0) problem = "not on the page";
  const text = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim();
  return {
    matches: (!css || el.matches(css)) && (!name || text === name),
    problem: problem && `${problem}: ${el.outerHTML.slice(0, 160)}`,
  };
}"""


def tab_to(page, css=None, *, name=None, limit=120):
    """Press Tab until the focused element matches `css` (and its text is `name`)."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS, [css, name])
        assert not focus["problem"], f"focus cannot be seen on {page.url}: {focus['problem']}"
        if focus["matches"]:
            return
        seen.append(page.evaluate("document.activeElement.outerHTML.slice(0, 80)"))
    raise AssertionError(
        f"Tab never reached {css or ''} {name or ''} on {page.url}, after: {seen[-12:]}"
    )


def choose(page, value, *, limit=60):
    """Change the focused <select> with the arrow keys until it holds `value`."""
    page.keyboard.press("Home")
    for _ in range(limit):
        if page.evaluate("document.activeElement.value") == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no option {value!r} in the focused list on {page.url}")


def follow(page):
    """Press Enter on the focused link or button and wait for the page it opens."""
    with page.expect_navigation():
        page.keyboard.press("Enter")
