"""The web page of `searcher serve`, driven in headless Chromium.

Usage: page_test.py INDEXER SEARCHER TEST_DATA OUT_DIR
Builds a small collection (tests/data/corpus, 24 dated wire stories and an
article whose text is markup), indexes it, serves it on a free loopback port,
and uses the page as a reader would: a query, its highlighted hits, a facet,
the timeline, the reading view, paging, the keyboard, a phone-sized screen.
Screenshots go to OUT_DIR. Exit 77 (skipped) when Chromium, ChromeDriver or
Selenium is missing.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

SKIP = 77


def main():
    indexer, searcher, data, out = sys.argv[1:5]
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.keys import Keys
        from selenium.webdriver.support import expected_conditions as ec
        from selenium.webdriver.support.ui import WebDriverWait
    except ImportError:
        print("browser test skipped: python3-selenium is not installed (scripts/install-deps.sh chromium chromium-driver python3-selenium)")
        return SKIP
    for tool in ("/usr/bin/chromium", "/usr/bin/chromedriver"):
        if not os.access(tool, os.X_OK):
            print(f"browser test skipped: {tool} is missing (scripts/install-deps.sh chromium chromium-driver python3-selenium)")
            return SKIP
    os.makedirs(out, exist_ok=True)
    scratch = tempfile.mkdtemp(prefix="fts-browser-")
    server = None
    driver = None
    try:
        corpus = os.path.join(scratch, "corpus")
        shutil.copytree(os.path.join(data, "corpus"), corpus)
        authors = ["Ann Lee", "Boris Ivanov", "Kim Min-jun"]
        for i in range(24):
            year, month = 2015 + i // 8, 1 + i % 12
            with open(os.path.join(corpus, f"wire-{i:02}.md"), "w") as f:
                f.write(f"---\ntitle: Coal exports report {i}\nauthor: {authors[i % 3]}\nsource: Wire\n"
                        f"date: {year}-{month:02}-15\n---\n\nCoal exports through Nampo fell again, report {i} says. "
                        "Sanctions on coal have held since the last round.\n")
        with open(os.path.join(corpus, "markup.html"), "w") as f:
            f.write("<html><head><title>On &lt;b&gt;bold&lt;/b&gt; claims</title></head><body><p>Coal traders quoted "
                    "&lt;script&gt;window.injected=1&lt;/script&gt; and &lt;/textarea&gt;&lt;img src=x onerror=window.injected=2&gt; "
                    "with \"double\" and 'single' quotes, then abc&#x202E;fed traders.</p></body></html>")
        db = os.path.join(scratch, "db")
        subprocess.run([indexer, "--db", db, "-q", corpus], check=True)
        server = subprocess.Popen([searcher, "serve", "--db", db, "--port", "0"], stderr=subprocess.PIPE, text=True)
        line = server.stderr.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not match:
            print("the server did not say where it listens:", line)
            return 1
        base = f"http://127.0.0.1:{match.group(1)}/"

        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900"):
            options.add_argument(arg)
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        wait = WebDriverWait(driver, 15)
        failures = []

        def check(ok, what):
            print(("ok   " if ok else "FAIL ") + what)
            if not ok:
                failures.append(what)

        def status():
            return driver.find_element(By.ID, "status").text

        def wait_status(pattern):
            try:
                wait.until(lambda d: re.search(pattern, status()))
                return True
            except Exception:
                return False

        def shot(name):
            driver.save_screenshot(os.path.join(out, name + ".png"))

        # A query typed and sent with Enter: hits with the query's words marked.
        driver.get(base)
        box = wait.until(ec.element_to_be_clickable((By.ID, "q")))
        check(driver.switch_to.active_element == box, "the search box has the focus on an empty page")
        box.send_keys("coal sanctions", Keys.ENTER)
        check(wait_status(r"^1–10 of 2\d matching articles"), "the count line: " + status())
        hits = driver.find_elements(By.CSS_SELECTOR, "#results .hit")
        check(len(hits) == 10, f"ten hits on the first page ({len(hits)})")
        marks = [m.text.lower() for m in driver.find_elements(By.CSS_SELECTOR, "#results .snippet mark")]
        check(any(m.startswith("coal") for m in marks) and any(m.startswith("sanction") for m in marks),
              f"the snippets mark the query's words ({sorted(set(marks))})")
        check("q=coal+sanctions" in driver.current_url, "the address holds the query: " + driver.current_url)
        shot("1-results")

        # Markup in an article is shown as text and never runs.
        box = driver.find_element(By.ID, "q")
        box.clear()
        box.send_keys("traders", Keys.ENTER)
        check(wait_status(r"^1 of 1 matching article"), "one article for traders: " + status())
        hit = driver.find_element(By.CSS_SELECTOR, "#results .hit")
        check("<b>bold</b>" in hit.find_element(By.CSS_SELECTOR, ".hit-title").text, "the title's markup shown as text")
        snippet = hit.find_element(By.CSS_SELECTOR, ".snippet").text
        check("<script>window.injected=1</script>" in snippet and "</textarea><img src=x" in snippet and "\"double\" and 'single'" in snippet,
              "the snippet's markup and quotes shown as text")
        check("abc\\u202efed" in snippet, "a right-to-left override is written out, not obeyed")
        check(driver.execute_script("return window.injected === undefined && document.querySelectorAll('#results script, #results img, #results b').length === 0"),
              "no element or script from the article's text")
        shot("2-markup-as-text")

        # A facet narrows the search; its chip or field undoes it.
        box = driver.find_element(By.ID, "q")
        box.clear()
        box.send_keys("coal", Keys.ENTER)
        wait_status(r"matching articles")
        before = status()
        author = driver.find_element(By.XPATH, "//section[h2='Authors']//button[text()='Boris Ivanov']")
        author.click()
        check(wait_status(r"of 8 matching articles"), f"the author facet narrows to his 8 stories: {status()} (before: {before})")
        metas = [m.text for m in driver.find_elements(By.CSS_SELECTOR, "#results .meta")]
        check(metas and all("Boris Ivanov" in m for m in metas), "every hit is by the author picked")
        check(driver.find_element(By.ID, "author").get_attribute("value") == "Boris Ivanov", "the author field shows the filter")
        shot("3-author-facet")

        # The timeline: a bar narrows the dates.
        bars = driver.find_elements(By.CSS_SELECTOR, "#bars .bar")
        check(len(bars) >= 2, f"a bar per year or month ({len(bars)})")
        first_bar = bars[0]
        label = first_bar.get_attribute("aria-label")
        first_bar.click()
        expected = re.match(r"[\d-]+: (\d+)", label).group(1)
        check(wait_status(rf"of {expected} matching article"), f"the bar '{label}' narrows the dates: {status()}")
        check(driver.find_element(By.ID, "since").get_attribute("value") != "", "the From date is set")
        driver.find_element(By.ID, "author").clear()
        driver.find_element(By.CSS_SELECTOR, "#chips .chip button").click()  # the dates' chip
        driver.find_element(By.ID, "author").send_keys(Keys.ENTER)
        box = driver.find_element(By.ID, "q")
        box.clear()
        box.send_keys("coal sanctions", Keys.ENTER)
        check(wait_status(r"^1–10 of 2\d matching articles"), "filters removed: " + status())

        # Paging, by button and by key.
        driver.find_element(By.XPATH, "//nav[@id='pager']//button[normalize-space()='Next ›']").click()
        check(wait_status(r"^11–20 of"), "Next shows hits 11–20: " + status())
        first_rank = driver.execute_script("return document.getElementById('results').start")
        check(first_rank == 11, f"the list counts on from 11 ({first_rank})")
        shot("4-page-2")
        driver.find_element(By.TAG_NAME, "body").send_keys("p")
        check(wait_status(r"^1–10 of"), "the p key goes back to page 1: " + status())
        driver.back()
        check(wait_status(r"^11–20 of"), "Back returns to page 2: " + status())

        # The reading view opens at the hit's passage, with the words marked; Esc closes it.
        title = driver.find_element(By.CSS_SELECTOR, "#results .hit-title")
        title.click()
        reader = driver.find_element(By.ID, "reader")
        try:
            wait.until(lambda d: reader.is_displayed() and d.find_elements(By.CSS_SELECTOR, "#reader-body p.current mark"))
            opened = True
        except Exception:
            opened = False
        check(opened, "the reading view shows the passage with the query's words marked")
        shot("5-reading-view")
        for _ in range(3):
            driver.switch_to.active_element.send_keys(Keys.TAB)
        check(driver.execute_script("return document.getElementById('reader').contains(document.activeElement)"),
              "Tab stays in the reading view")
        driver.switch_to.active_element.send_keys(Keys.ESCAPE)
        check(not reader.is_displayed(), "Esc closes the reading view")
        check(driver.switch_to.active_element == title, "the focus returns to the hit")

        # The syntax help, and a spelling suggestion as a link.
        driver.find_element(By.ID, "help-toggle").click()
        check(driver.find_element(By.ID, "help").is_displayed(), "the syntax help opens")
        driver.find_element(By.ID, "help-toggle").click()
        box = driver.find_element(By.ID, "q")
        box.clear()
        box.send_keys("coal Vladivostock", Keys.ENTER)
        try:
            link = wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, "#notes button.link")))
            check(link.text == "coal Vladivostok", "the suggestion: " + link.text)
            link.click()
            check(wait.until(lambda d: d.find_element(By.ID, "q").get_attribute("value") == "coal Vladivostok"), "the suggestion runs")
        except Exception as e:
            check(False, f"a spelling suggestion link ({type(e).__name__})")

        # An error from the API is shown, not swallowed.
        box = driver.find_element(By.ID, "q")
        box.clear()
        box.send_keys('""', Keys.ENTER)
        check(wait_status(r"has no words to search for"), "a query with no words says so: " + status())
        check(not driver.find_element(By.ID, "timeline").is_displayed() and not driver.find_elements(By.CSS_SELECTOR, "#facets li"),
              "nothing of the search before stays beside the error")

        # A phone-sized screen: one column, nothing wider than the screen.
        driver.set_window_size(390, 844)
        box = driver.find_element(By.ID, "q")
        box.clear()
        box.send_keys("Rajin-Hasan", Keys.ENTER)
        wait_status(r"matching article")
        wide = driver.execute_script("return document.documentElement.scrollWidth > window.innerWidth + 1")
        check(not wide, "no sideways scrolling on a phone-sized screen")
        shot("6-phone")

        # SIGTERM: the server stops cleanly.
        server.terminate()
        code = server.wait(timeout=10)
        said = server.stderr.read()
        server = None
        check(code == 0 and "stopped" in said, f"SIGTERM stops the server (exit {code}: {said.strip()})")

        print(f"browser: {len(failures)} failed; screenshots in {out}")
        return 1 if failures else 0
    finally:
        if driver is not None:
            driver.quit()
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
