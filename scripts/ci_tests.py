"""The test count of a CI run, from the JUnit XML of each pytest stage: what each stage ran, how many distinct
tests ran across the stages, and every test that ran in no stage (skipped wherever it was collected). Exits
1 when a stage ran no test, when a test failed, or when a test ran nowhere: no test is dropped quietly.

    python scripts/ci_tests.py sqlite=var/ci/sqlite.xml postgresql=var/ci/postgresql.xml
"""
import sys
import xml.etree.ElementTree as ET
from collections import Counter


def outcomes(path: str) -> dict[str, str]:
    """{test id: passed | skipped | failed} of one JUnit XML file."""
    found = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        test_id = f"{case.get('classname')}::{case.get('name')}"
        if case.find("failure") is not None or case.find("error") is not None:
            found[test_id] = "failed"
        elif case.find("skipped") is not None:
            found[test_id] = "skipped"
        else:
            found[test_id] = "passed"
    return found


def main(args: list[str]) -> int:
    stages = dict(arg.split("=", 1) for arg in args)
    ran: dict[str, set[str]] = {}
    collected: set[str] = set()
    problems = []
    for stage, path in stages.items():
        try:
            results = outcomes(path)
        except (OSError, ET.ParseError) as error:
            problems.append(f"{stage}: no test report ({error})")
            continue
        counts = Counter(results.values())
        print(f"  {stage}: {len(results)} tests ({counts['passed']} passed, {counts['skipped']} skipped, "
              f"{counts['failed']} failed or errors)")
        if not results:
            problems.append(f"{stage}: no tests")
        if counts["failed"]:
            problems.append(f"{stage}: {counts['failed']} failed")
        collected |= results.keys()
        for test_id, outcome in results.items():
            if outcome != "skipped":
                ran.setdefault(test_id, set()).add(stage)
    nowhere = sorted(collected - ran.keys())
    executions = sum(len(s) for s in ran.values())
    print(f"  tests run: {len(ran)} distinct tests in {len(stages)} stages ({executions} runs); "
          f"{len(nowhere)} collected but run in no stage")
    for test_id in nowhere:
        print(f"    ran nowhere: {test_id}")
    if nowhere:
        problems.append(f"{len(nowhere)} tests ran in no stage")
    for problem in problems:
        print(f"  FAILED: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
