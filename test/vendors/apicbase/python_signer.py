"""Apicbase's signer, for a differential test: prints JSON lines of orders signed as Apicbase does,
HMAC-SHA256 over json.dumps(data) with Python's defaults.

usage: python3 python_signer.py COUNT SEED
Each line: {"secret", "signature", "dumps", "bodies": [compact, default, ...]}.
"""
import hashlib
import hmac
import json
import random
import sys

TEXTS = ["plain", "Crème brûlée", "日本酒", "🍣🍺", "\U0001F9C0 cheese", "tab\tnew\nline",
         "quote \" backslash \\ slash /", "\x7f del", "\u2028 sep", "", "null", "0"]
FLOATS = [1.0, 1e-05, 1e16, 0.1, 2.5, 100.0, 1e22, 123456789.123, -0.5, 3.14159, 1.5e-10, 9007199254740993.0]
INTS = [0, 1, -7, 2 ** 53 + 1, 2 ** 70, -(10 ** 30)]


def text(rng):
    return rng.choice(TEXTS) + (str(rng.randint(0, 999)) if rng.random() < 0.5 else "")


def scalar(rng):
    kind = rng.randrange(6)
    if kind == 0:
        return text(rng)
    if kind == 1:
        return rng.choice(FLOATS) if rng.random() < 0.6 else rng.uniform(-1e6, 1e6)
    if kind == 2:
        return rng.choice(INTS) if rng.random() < 0.6 else rng.randint(-10 ** 6, 10 ** 6)
    if kind == 3:
        return rng.choice([True, False])
    if kind == 4:
        return None
    return rng.random() * 10 ** rng.randint(-8, 20)


def extra(rng, depth=0):
    kind = rng.randrange(4) if depth < 3 else 0
    if kind == 0:
        return scalar(rng)
    if kind == 1:
        return [extra(rng, depth + 1) for _ in range(rng.randrange(4))]
    keys = ["10", "2", "1", "-1", "b", "a", "ä", "01", "1.5", "key"]
    return {rng.choice(keys) + str(i): extra(rng, depth + 1) for i in range(rng.randrange(4))}


def order(rng, index):
    packages = [{
        "stock_item": {"name": text(rng)},
        "supplier_package": {"supplier_article_number": f"ART-{rng.randint(1, 99999)}",
                             "theoretical_price_per_package": f"{rng.randint(0, 9999)}.{rng.randint(0, 99):02d}"},
        "quantity_ordered": rng.randint(0, 500),
        "total_theoretical_price": f"{rng.randint(0, 99999)}.{rng.randint(0, 99):02d}",
    } for _ in range(rng.randrange(0, 6))]
    data = {
        "id": f"order-{index}",
        "order_number": f"PO-{index:05d}",
        "status": "ORDERED",
        "ordered_on": "2024-03-05T09:30:00+01:00",
        "owned_by": rng.choice([None, {"username": text(rng)}]),
        "order_remarks": rng.choice([None, text(rng)]),
        "packages": packages,
        "expected_delivery_date": rng.choice([None, "2024-03-07T06:00:00+01:00"]),
        "theoretical_price": f"{rng.randint(0, 99999)}.{rng.randint(0, 99):02d}",
        "supplier_customer_number": text(rng),
    }
    for i in range(rng.randrange(0, 4)):
        data[rng.choice(["10", "2", "extra", "ñ", "1e5"]) + str(i)] = extra(rng)
    return data


# Bodies no json.dumps would write, parsed and signed the way Apicbase's receiver would.
HANDMADE = [
    '{"id": "dup", "packages": [], "b": 1, "a": 2, "b": 3}',
    '{\n\t"id" :\r\n "ws" , "packages" : [ ] , "n": [ -0, 1E5, 1.5E+3, 2e-7, 1e400, 0.10000000000000001 ] }',
    '{"id": "esc", "packages": [], "s": "\\/\\u00e9\\ud83c\\udf63\\ud800 lone\\b\\f"}',
    '{"id":"nested","packages":[],"x":{"":{"":[[],{}]}},"9":1,"8":2}',
    '{"id":"dups","packages":[],"x":{"a":{"b":1,"b":[1,{"c":2,"c":3}]},"a":{"z":0,"y":[{"q":1,"q":"\u00e9"}]}},"x":[{"k":[]}],"t":1}',
    '{"a":[{"b":{"c":1,"c":{"d":[1.0,2,{"e":true,"e":null}]}}}],"id":"deep dups","packages":[],"a":[[{"f":{},"f":[]}]]}',
]


def main():
    count, seed = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    for index in range(count + len(HANDMADE)):
        secret = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789-_") for _ in range(rng.randint(8, 40)))
        if index < count:
            data = order(rng, index)
            bodies = [json.dumps(data, separators=(",", ":"), ensure_ascii=False), json.dumps(data)]
        else:
            body = HANDMADE[index - count]
            data = json.loads(body)
            bodies = [body]
        dumps = json.dumps(data)
        signature = hmac.new(secret.encode(), dumps.encode(), hashlib.sha256).hexdigest()
        print(json.dumps({"secret": secret, "signature": signature, "dumps": dumps, "bodies": bodies}))


main()
