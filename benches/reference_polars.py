"""The polars reference for the scan benchmark (issue 18): what an analyst would write with polars
— read the CP932 export (polars reads UTF-8 only, so the bytes are decoded first), NFKC the
description, and look for the catalog's aliases among the withdrawals. Prints the rows that match.

    python3 benches/reference_polars.py FILE ALIAS...
"""
import io
import re
import sys
import unicodedata

import polars as pl


def main() -> None:
    path, aliases = sys.argv[1], sys.argv[2:]
    with open(path, "rb") as f:
        text = f.read().decode("cp932")
    frame = pl.read_csv(io.StringIO(text), infer_schema=False)
    pattern = "|".join(re.escape(unicodedata.normalize("NFKC", a).upper()) for a in aliases)
    normalized = (
        frame["お取り扱い内容"]
        .fill_null("")
        .map_elements(lambda s: unicodedata.normalize("NFKC", s).upper(), return_dtype=pl.String)
    )
    withdrawals = frame["お引出し"].fill_null("").str.replace_all(",", "") != ""
    print(int((normalized.str.contains(pattern) & withdrawals).sum()))


if __name__ == "__main__":
    main()
