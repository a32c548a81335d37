#!/usr/bin/python3
"""Build the text corpus: Debian package descriptions labeled by their archive section.

Source: the APT index files of Debian 12 "bookworm" main (amd64), which every Debian machine
downloads with `apt-get update`: `Packages` (package -> Section, Source, Description-md5) and
`i18n/Translation-en` (Description-md5 -> English short + long description). Docker images
often skip Translation-en, so fetch both into a private folder (the system's lists stay as they are):

    mkdir -p /tmp/apt-en/lists/partial
    apt-get update -o Dir::State::Lists=/tmp/apt-en/lists -o Acquire::Languages=en
    /usr/bin/python3 models/data/debian-descriptions/build_corpus.py /tmp/apt-en/lists

The archive moves (point releases), so the built corpus is committed (corpus.tsv.gz, with the
sha256 and Date of the index files it came from in corpus.json): training never needs the lists.

Rules (all deterministic):
- Only the 10 sections in CLASSES. Section from `Packages`; package without a Translation-en
  entry are skipped.
- One document per distinct Description-md5 (packages sharing a description count once, first
  package name in Packages order is kept); at most MAX_PER_SOURCE documents per source package
  (the first ones in Packages order), so big source packages with dozens of near-identical
  binaries do not dominate.
- Text = short description + " " + long description with the " ." paragraph separators and line
  breaks turned into spaces (whitespace collapsed). Lowercasing/tokenising is the model's job
  (models/common/text.py).
- Split by *source package* (no source has documents in both splits): test if
  sha256(source)[0] % 5 == 0 (about 20 %), else train. Rows sorted by (split, label, package).
"""
import gzip
import hashlib
import io
import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
CLASSES = ["admin", "devel", "fonts", "games", "graphics", "net", "science", "sound", "text", "utils"]
MAX_PER_SOURCE = 2
PACKAGES = "deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages"
TRANSLATION = "deb.debian.org_debian_dists_bookworm_main_i18n_Translation-en"
RELEASE = "deb.debian.org_debian_dists_bookworm_InRelease"


def read_index(lists_dir, base):
    """Read an APT list file, plain or compressed (apt-helper cat-file handles .lz4/.xz/.gz)."""
    for ext in ("", ".lz4", ".xz", ".gz", ".zst"):
        path = os.path.join(lists_dir, base + ext)
        if os.path.exists(path):
            raw = open(path, "rb").read()
            if ext:
                data = subprocess.run(["/usr/lib/apt/apt-helper", "cat-file", path],
                                      check=True, stdout=subprocess.PIPE).stdout
            else:
                data = raw
            return path, hashlib.sha256(raw).hexdigest(), data.decode("utf-8")
    sys.exit(f"build_corpus: {base}[.lz4|.xz|.gz] not found in {lists_dir} (see the docstring)")


def parse_deb822(text):
    records, cur, last = [], {}, None
    for line in text.split("\n"):
        if not line:
            if cur:
                records.append(cur)
            cur, last = {}, None
            continue
        if line[0] in " \t":
            cur[last] += "\n" + line
            continue
        key, _, value = line.partition(":")
        last = key
        cur[key] = value.strip()
    if cur:
        records.append(cur)
    return records


def clean(description):
    lines = description.split("\n")
    body = [ln.strip() for ln in lines[1:]]
    body = [("" if ln == "." else ln) for ln in body]
    text = lines[0].strip() + " " + " ".join(body)
    return re.sub(r"\s+", " ", text.replace("\t", " ")).strip()


def main():
    lists_dir = sys.argv[1] if len(sys.argv) > 1 else "/var/lib/apt/lists"
    ppath, psha, ptext = read_index(lists_dir, PACKAGES)
    tpath, tsha, ttext = read_index(lists_dir, TRANSLATION)
    release_date = None
    rel = os.path.join(lists_dir, RELEASE)
    if os.path.exists(rel):
        m = re.search(r"^Date: (.*)$", open(rel, encoding="utf-8").read(), re.M)
        release_date = m.group(1) if m else None
    translations = {r["Description-md5"]: r["Description-en"]
                    for r in parse_deb822(ttext) if "Description-md5" in r}
    seen_md5, per_source = set(), Counter()
    rows = []
    for r in parse_deb822(ptext):
        section = r.get("Section", "")
        if section not in CLASSES:
            continue
        md5 = r.get("Description-md5")
        if md5 is None or md5 in seen_md5 or md5 not in translations:
            continue
        seen_md5.add(md5)
        source = r.get("Source", r["Package"]).split()[0]
        if per_source[source] >= MAX_PER_SOURCE:
            continue
        per_source[source] += 1
        split = "test" if hashlib.sha256(source.encode()).digest()[0] % 5 == 0 else "train"
        text = clean(translations[md5])
        assert "\t" not in text and "\n" not in text
        rows.append((split, section, r["Package"], source, text))
    rows.sort(key=lambda t: (t[0] != "train", CLASSES.index(t[1]), t[2]))
    buf = io.StringIO()
    buf.write("split\tlabel\tpackage\tsource\ttext\n")
    for row in rows:
        buf.write("\t".join(row) + "\n")
    out = os.path.join(HERE, "corpus.tsv.gz")
    with open(out, "wb") as f:
        # mtime=0 and no file name: the .gz is a function of its content only
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0, compresslevel=9) as gz:
            gz.write(buf.getvalue().encode("utf-8"))
    counts = defaultdict(Counter)
    for split, label, *_ in rows:
        counts[split][label] += 1
    info = {
        "name": "debian-descriptions",
        "description": "Debian 12 package descriptions (short + long, English) labeled by archive section",
        "classes": CLASSES,
        "maxPerSource": MAX_PER_SOURCE,
        "split": "by source package: test if sha256(source)[0] % 5 == 0",
        "sources": {
            "Packages": {"file": os.path.basename(ppath), "sha256": psha},
            "Translation-en": {"file": os.path.basename(tpath), "sha256": tsha},
            "InReleaseDate": release_date,
        },
        "rows": len(rows),
        "counts": {s: {c: counts[s][c] for c in CLASSES} for s in ("train", "test")},
        "totals": {s: sum(counts[s].values()) for s in ("train", "test")},
        "corpusSha256": hashlib.sha256(open(out, "rb").read()).hexdigest(),
        "license": "Debian package descriptions, written by each package's maintainers/upstream "
                   "and distributed by Debian in its archive index files",
    }
    with open(os.path.join(HERE, "corpus.json"), "w") as f:
        json.dump(info, f, indent=2)
        f.write("\n")
    print(json.dumps(info["totals"]), json.dumps(info["counts"]))


if __name__ == "__main__":
    main()
