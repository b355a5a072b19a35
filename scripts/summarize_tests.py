"""Totals the .trx files of a test run and refuses skips that are not Docker-only.

MariaDB and Redis tests must run wherever the test command runs; only the Kafka and MongoDB suites,
which need a Docker engine, may skip, and each skip must say why.
"""
import pathlib
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}


def main(directory: str) -> int:
    passed = failed = skipped = 0
    bad_skips = []
    for trx in sorted(pathlib.Path(directory).glob("**/*.trx")):
        root = ET.parse(trx).getroot()
        for result in root.iterfind(".//t:UnitTestResult", NS):
            outcome = result.get("outcome")
            name = result.get("testName")
            if outcome == "Passed":
                passed += 1
            elif outcome == "NotExecuted":
                skipped += 1
                message = " ".join(result.itertext())
                print(f"skipped: {name}: {message.strip()[:200]}")
                if "docker" not in message.lower():
                    bad_skips.append(name)
            else:
                failed += 1
    if passed + failed + skipped == 0:
        print("no test results found")
        return 1
    for name in bad_skips:
        print(f"not allowed to skip (only Docker-only suites may): {name}")
    print(f"Total: {passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed or bad_skips else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
