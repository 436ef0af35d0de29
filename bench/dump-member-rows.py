#!/usr/bin/env python3
"""Every stored row of one member on an Azurite (or Azure) table endpoint: what an operator with the account key sees.

    python3 bench/dump-member-rows.py TABLE_ENDPOINT ACCOUNT KEY_BASE64

Takes the first member row of the `members` table (an onboarded one, when there is one), then that member's rows in
every table she may have rows in (old layout and new). Long values are cut; encrypted values stay encrypted.
Standard library only; requests are signed with the account key (SharedKeyLite).
"""
import base64, datetime, hashlib, hmac, json, sys, urllib.parse, urllib.request

endpoint, account, key = sys.argv[1].rstrip('/'), sys.argv[2], base64.b64decode(sys.argv[3])


def get(path, query=''):
    date = datetime.datetime.now(datetime.timezone.utc).strftime('%a, %d %b %Y %H:%M:%S GMT')
    resource = f"/{account}{urllib.parse.urlparse(endpoint).path}/{path}"
    signature = base64.b64encode(hmac.new(key, f"{date}\n{resource}".encode(), hashlib.sha256).digest()).decode()
    request = urllib.request.Request(f"{endpoint}/{path}{query}", headers={
        'x-ms-date': date, 'x-ms-version': '2019-02-02', 'Accept': 'application/json;odata=nometadata',
        'Authorization': f"SharedKeyLite {account}:{signature}"})
    try:
        with urllib.request.urlopen(request) as response:
            return json.load(response).get('value', [])
    except urllib.error.HTTPError as e:
        if e.code == 404:
            return []
        raise


def rows(table, partition):
    flt = urllib.parse.quote(f"PartitionKey eq '{partition}'")
    return get(table + '()', f"?$filter={flt}")


members = get('members()', '?$top=50')
onboarded = [m for m in members if m.get('Status') == 'Active'] or members
if not onboarded:
    sys.exit('no member rows')
member = onboarded[0]['PartitionKey']
print(f"member key {member[:12]}... (keyed hash of her number)")
for table, partition in [('members', member), ('optouts', member), ('dialogstate', member), ('escalationindex', 'm-' + member)]:
    for row in rows(table, partition):
        cells = []
        for name, value in row.items():
            if name in ('PartitionKey', 'odata.etag'):
                continue
            text = str(value)
            cells.append(f"{name}={text if len(text) <= 60 else text[:57] + '...'} ({len(text)} chars)" if len(text) > 60 else f"{name}={text}")
        print(f"  {table}/{row['RowKey']}: " + '; '.join(cells))
