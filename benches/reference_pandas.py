"""The plain pandas reference for the scan benchmark (issue 10): read the CP932 export, NFKC the
description, and look for the catalog's aliases. Prints the rows that match.

    python3 benches/reference_pandas.py FILE ALIAS...
"""
import re
import sys
import unicodedata

import pandas as pd


def main() -> None:
    path, aliases = sys.argv[1], sys.argv[2:]
    frame = pd.read_csv(path, encoding="cp932", dtype=str)
    text = frame["お取り扱い内容"].fillna("").map(lambda s: unicodedata.normalize("NFKC", s).upper())
    pattern = "|".join(re.escape(unicodedata.normalize("NFKC", a).upper()) for a in aliases)
    # E-money top-ups are money out: the withdrawal column holds an amount.
    withdrawals = frame["お引出し"].fillna("").str.replace(",", "") != ""
    print(int((text.str.contains(pattern, regex=True) & withdrawals).sum()))


if __name__ == "__main__":
    main()
