"""The workbench in headless Chromium, as an analyst uses it: two names typed into the path
finder with autocomplete, the hops and their evidence beside the diagram, the URL that brings
the same answer back, an entity page reached by a click, a named query with a parameter, and a
syntax error. A screenshot of each view goes to SCREENSHOT_DIR.

Usage: workbench.py BASE_URL SCREENSHOT_DIR   (run by tests/integration/clients.rs)
"""

import os
import sys
import tempfile
from urllib.parse import parse_qs, urlparse

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

BASE, SHOTS = sys.argv[1], sys.argv[2]
os.makedirs(SHOTS, exist_ok=True)

options = webdriver.ChromeOptions()
options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Chromium's profile lives in a temporary directory removed when the run ends, even a failed one.
profile = tempfile.TemporaryDirectory(prefix="actorgraph-chromium-", ignore_cleanup_errors=True)
# The flags headless Chromium needs on a machine without a sandbox or outside network.
for flag in [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,1000",
    f"--user-data-dir={profile.name}",
]:
    options.add_argument(flag)
driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
wait = WebDriverWait(driver, 30)
checks = []


def check(name, condition, detail=""):
    checks.append(name)
    if not condition:
        raise AssertionError(f"{name}: {detail}")


def text_of(selector):
    return driver.find_element(By.CSS_SELECTOR, selector).text


def choose(box_id, typed, label):
    """Types into a name box and clicks the suggestion with this label."""
    box = driver.find_element(By.ID, box_id)
    box.clear()
    box.send_keys(typed)
    item = wait.until(EC.element_to_be_clickable((
        By.XPATH, f"//input[@id='{box_id}']/following-sibling::ul//li[span[@class='label' and text()='{label}']]"
    )))
    item.click()
    check(f"{box_id} shows the chosen name", box.get_attribute("value") == label, box.get_attribute("value"))


try:
    driver.get(BASE + "/")
    wait.until(EC.text_to_be_present_in_element((By.ID, "status"), "generation"))
    driver.save_screenshot(os.path.join(SHOTS, "home.png"))

    # The path finder: two names with autocomplete, then hops with evidence beside the diagram.
    driver.find_element(By.CSS_SELECTOR, "nav a[data-view='path']").click()
    wait.until(EC.visibility_of_element_located((By.ID, "path-from")))
    choose("path-from", "nitrocell", "nitrocellulose")
    choose("path-to", "perm gun", "Perm Gunpowder Plant")
    driver.find_element(By.ID, "path-find").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#path-hops .hop .evidence")))
    hops = driver.find_elements(By.CSS_SELECTOR, "#path-hops .hop")
    check("the path has hops", len(hops) >= 2, len(hops))
    first = hops[0].text
    check("a hop names its nodes and relation", "nitrocellulose" in first and "Russia" in first, first)
    evidence = text_of("#path-hops .hop .evidence")
    check("a hop shows its evidence with file and lines", "002_c95ef05383f2dd26.txt:" in evidence, evidence)
    levels = ("documented", "reported", "analyst assessment", "official claim", "alleged")
    check("evidence says how firm it is", any(level in evidence.splitlines() for level in levels), evidence)
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#path-diagram svg g.node")))
    query = parse_qs(urlparse(driver.current_url).query)
    check("the URL holds the lookup", query.get("from") == ["agd:Nitrocellulose"] and query.get("to") == ["agd:PermGunpowderPlant"], driver.current_url)
    driver.save_screenshot(os.path.join(SHOTS, "path.png"))

    # The URL reproduces the view, filters included.
    url = driver.current_url + "&k=2&via=supply,production,location,event"
    driver.get(url)
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#path-hops .hop .evidence")))
    check("the URL reproduces the lookup", driver.find_elements(By.CSS_SELECTOR, "#path-hops .hop")[0].text == first)
    check("the URL's filters are shown", driver.find_element(By.CSS_SELECTOR, "#path-via input[value='supply']").is_selected())

    # An entity page, reached from a node of the answer.
    driver.find_element(By.XPATH, "//div[@id='path-hops']//a[@class='node' and text()='China']").click()
    wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "#entity-header h1"), "China"))
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#entity-facts .hop .evidence")))
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#entity-diagram svg g.node")))
    facts = driver.find_elements(By.CSS_SELECTOR, "#entity-facts .fact")
    check("the entity page lists facts with evidence", len(facts) > 5, len(facts))
    check("the entity page's URL names the entity", "node=agd%3AChina" in driver.current_url or "node=agd:China" in driver.current_url, driver.current_url)
    driver.save_screenshot(os.path.join(SHOTS, "entity.png"))

    # The editor completes actorgraph's prefixes.
    driver.get(BASE + "/query")
    editor = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".CodeMirror")))
    editor.click()
    driver.execute_script("document.querySelector('.CodeMirror').CodeMirror.setValue('')")
    editor.find_element(By.CSS_SELECTOR, "textarea").send_keys("PREFIX ag")
    hints = wait.until(EC.presence_of_all_elements_located((By.CSS_SELECTOR, ".CodeMirror-hints li")))
    offered = [hint.text for hint in hints]
    check("the editor completes prefixes", "agd: <https://w3id.org/actorgraph/data/>" in offered, offered)

    # A named query with a parameter, from its URL.
    driver.get(BASE + "/query?name=supply-flows&param.supplier=agd%3AChina&param.good=agd%3ANitrocellulose")
    wait.until(EC.text_to_be_present_in_element((By.ID, "query-info"), "rows"))
    rows = driver.find_elements(By.CSS_SELECTOR, "#results table tbody tr")
    check("the named query's rows are shown", len(rows) >= 4, len(rows))
    check("the parameter box holds the value", driver.find_element(By.CSS_SELECTOR, "#named-params input[name='supplier']").get_attribute("value") == "agd:China")
    check("downloads are offered", len(driver.find_elements(By.CSS_SELECTOR, "#download-links button")) == 4)
    driver.save_screenshot(os.path.join(SHOTS, "query.png"))

    # A syntax error comes back with the parser's line and column.
    driver.get(BASE + "/query?q=" + "SELECT%20*%20WHERE%20%7B%20%3Fs")
    wait.until(EC.visibility_of_element_located((By.ID, "query-error")))
    check("a syntax error names the line", "line 1" in text_of("#query-error"), text_of("#query-error"))

    print(f"{len(checks)} checks passed: " + "; ".join(checks))
except Exception:
    driver.save_screenshot(os.path.join(SHOTS, "failure.png"))
    for entry in driver.get_log("browser"):
        print("browser:", entry, file=sys.stderr)
    print("page URL:", driver.current_url, file=sys.stderr)
    raise
finally:
    driver.quit()
    profile.cleanup()
