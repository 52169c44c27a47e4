"""Drive Debian's Chromium through a list of steps and report what each page shows.

Run by the security tests as a separate process, reading a JSON job on stdin and writing JSON
results on stdout. A process of its own, because Playwright's sync API allows one instance per
thread, and tests/browser keeps one open for the whole session.

Job: {"base": "http://...", "steps": [{"visit": "/path"} | {"register": [name, email, password]}]}
Result per step: {"url", "problems", "dialogs", "errors", "texts": {...}, "username": value or null}
"""

from __future__ import annotations

import json
import sys

CHROMIUM = "/usr/bin/chromium"

# Everything that would betray an injection. Our own pages have no inline script, no event-handler
# attribute, no frames and no images outside the article figure.
INSPECT = """() => {
  const problems = [];
  const ours = new Set(["/static/kabar/js/htmx.min.js", "/static/kabar/js/share.js"]);
  for (const s of document.scripts) {
    if (!ours.has(s.getAttribute("src"))) problems.push("script " + (s.getAttribute("src") || s.text.slice(0, 40)));
  }
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      if (attr.name.toLowerCase().startsWith("on")) problems.push("handler " + el.tagName + " " + attr.name);
      if (["href", "src", "action", "formaction", "xlink:href", "data"].includes(attr.name.toLowerCase())
          && /^\\s*(javascript|vbscript|data:text)/i.test(attr.value)) problems.push("url " + attr.value.slice(0, 40));
    }
  }
  const banned = "iframe, frame, frameset, object, embed, applet, base, marquee, isindex, plaintext, xss, math, "
    + "style, meta[http-equiv], link:not([rel=stylesheet]):not([rel=icon]):not([rel=canonical]), "
    + "input[type=image], video, audio";
  for (const el of document.querySelectorAll(banned)) problems.push("element " + el.tagName);
  for (const img of document.images) if (!img.closest("figure.article-image")) problems.push("img " + img.src);
  for (const svg of document.querySelectorAll("svg")) if (!svg.classList.contains("icon")) problems.push("svg");
  for (const box of document.querySelectorAll(".comment-text")) {
    for (const child of box.querySelectorAll("*")) {
      const link = child.tagName === "A" && child.rel === "nofollow ugc noopener"
        && /^https?:\\/\\//.test(child.getAttribute("href"));
      if (child.tagName !== "BR" && !link) problems.push("comment child " + child.tagName);
    }
  }
  const texts = (selector) => Array.from(document.querySelectorAll(selector), (el) => el.innerText);
  const name = document.querySelector("#id_username");
  return {problems, username: name ? name.value : null,
          texts: {h1: texts("h1"), captions: texts("figcaption"), paragraphs: texts(".article-body p"),
                  comments: texts(".comment-text"), titles: texts(".item-title"), account: texts(".account-name")}};
}"""

SUBMIT = """([name, email, password]) => {
  const form = document.querySelector("main form");
  form.username.value = name; form.email.value = email; form.password.value = password;
  form.submit();
}"""


def run(job: dict) -> list[dict]:
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_context(locale="id-ID").new_page()
        dialogs: list[str] = []
        errors: list[str] = []

        def on_dialog(dialog):
            dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
        for step in job["steps"]:
            dialogs.clear()
            errors.clear()
            if "visit" in step:
                page.goto(job["base"] + step["visit"])
            else:
                if "/akun/daftar/" not in page.url:
                    page.goto(job["base"] + "/akun/daftar/")
                # Set in the page and submitted whole: the server, not the field's maxlength, must cope.
                with page.expect_navigation():
                    page.evaluate(SUBMIT, step["register"])
            found = page.evaluate(INSPECT)
            results.append({"url": page.url, "dialogs": list(dialogs), "errors": list(errors), **found})
            if "register" in step and "/akun/daftar/" not in page.url:
                page.context.clear_cookies()  # registered and logged in: log out for the next step
        browser.close()
    return results


if __name__ == "__main__":
    json.dump(run(json.load(sys.stdin)), sys.stdout)
