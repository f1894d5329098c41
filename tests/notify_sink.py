#!/usr/bin/env python3
"""tests/notify_sink.py DIR SERVICE_ID SECRET: a stand-in for GOV.UK
Notify's REST API (v2) for tests/notify.sh, on a free loopback port
written to DIR/port. It checks what Notify checks of "Send an email":

- POST /v2/notifications/email, Content-Type application/json;
- Authorization: Bearer JWT, the header {"typ":"JWT","alg":"HS256"}, the
  claims {"iss": SERVICE_ID, "iat": within 30 seconds of now}, the
  signature HMAC-SHA-256 keyed with SECRET (Python's hmac, not the
  libsodium Oversight signs with), base64url without padding;
- the JSON: email_address and template_id (a UUID) required, and only
  personalisation (an object of strings), reference (a string) and
  email_reply_to_id besides.

A request that passes is kept as DIR/NNNN.json and answered 201 with
Notify's response; one that fails is answered as Notify answers it (403
AuthError, 400 ValidationError) and kept as DIR/rejected-NNNN.txt with
the reason. If DIR/answer holds a status code, every request that passes
is answered with it instead, with Notify's error body.
"""
import base64
import hashlib
import hmac
import json
import os
import re
import sys
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

out, service_id, secret = sys.argv[1], sys.argv[2], sys.argv[3]
UUID = re.compile(r'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$')
count = 0
MESSAGES = {
    400: ('BadRequestError', "Can't send to this recipient using a team-only API key"),
    403: ('AuthError', 'Invalid token: API key not found'),
    429: ('RateLimitError', 'Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds'),
    500: ('Exception', 'Internal server error'),
}


def b64url_decode(s):
    if '=' in s or '+' in s or '/' in s:
        raise ValueError('not base64url without padding')
    return base64.urlsafe_b64decode(s + '=' * (-len(s) % 4))


def check_jwt(auth):
    if not auth or not auth.startswith('Bearer '):
        return 'no Bearer token'
    parts = auth[7:].split('.')
    if len(parts) != 3:
        return 'not a JWT'
    try:
        header = json.loads(b64url_decode(parts[0]))
        claims = json.loads(b64url_decode(parts[1]))
        sig = b64url_decode(parts[2])
    except ValueError as e:
        return f'undecodable token: {e}'
    if header != {'typ': 'JWT', 'alg': 'HS256'}:
        return f'header {header}'
    want = hmac.new(secret.encode(), (parts[0] + '.' + parts[1]).encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(sig, want):
        return 'Invalid token: signature, api token not found'
    if set(claims) != {'iss', 'iat'} or claims['iss'] != service_id:
        return f'claims {claims}'
    if not isinstance(claims['iat'], int) or abs(claims['iat'] - time.time()) > 30:
        return 'Error: Your system clock must be accurate to within 30 seconds'
    return None


def check_body(raw):
    try:
        j = json.loads(raw)
    except ValueError:
        return None, 'not JSON'
    if not isinstance(j, dict):
        return None, 'not an object'
    extra = set(j) - {'email_address', 'template_id', 'personalisation', 'reference', 'email_reply_to_id'}
    if extra:
        return None, f'Additional properties are not allowed ({sorted(extra)})'
    if not isinstance(j.get('email_address'), str) or '@' not in j['email_address']:
        return None, 'email_address is a required property'
    if not isinstance(j.get('template_id'), str) or not UUID.match(j['template_id']):
        return None, 'template_id is not a valid UUID'
    p = j.get('personalisation', {})
    if not isinstance(p, dict) or not all(isinstance(v, str) for v in p.values()):
        return None, 'personalisation is not an object of strings'
    if 'reference' in j and not isinstance(j['reference'], str):
        return None, 'reference is not a string'
    return j, None


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, code, obj):
        data = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def refuse(self, code, kind, message):
        global count
        count += 1
        with open(os.path.join(out, f'rejected-{count:04d}.txt'), 'w') as f:
            f.write(f'{code} {kind}: {message}\n')
        self.answer(code, {'status_code': code, 'errors': [{'error': kind, 'message': message}]})

    def do_GET(self):
        self.refuse(405, 'MethodNotAllowed', 'The method is not allowed for the requested URL.')

    def do_POST(self):
        global count
        raw = self.rfile.read(int(self.headers.get('Content-Length') or 0))
        if self.path != '/v2/notifications/email':
            return self.refuse(404, 'ResourceNotFound', f'{self.path} not found')
        if (self.headers.get('Content-Type') or '').split(';')[0].strip() != 'application/json':
            return self.refuse(400, 'BadRequestError', 'Content-Type is not application/json')
        why = check_jwt(self.headers.get('Authorization'))
        if why:
            return self.refuse(403, 'AuthError', why)
        j, why = check_body(raw)
        if why:
            return self.refuse(400, 'ValidationError', why)
        try:
            with open(os.path.join(out, 'answer')) as f:
                code = int(f.read().strip())
        except FileNotFoundError:
            code = 201
        if code != 201:
            kind, message = MESSAGES.get(code, ('Error', 'error'))
            return self.refuse(code, kind, message)
        count += 1
        tmp = os.path.join(out, f'.{count:04d}.tmp')
        with open(tmp, 'w') as f:
            json.dump(j, f)
        os.rename(tmp, os.path.join(out, f'{count:04d}.json'))
        nid = str(uuid.uuid4())
        p = j.get('personalisation', {})
        self.answer(201, {
            'id': nid,
            'reference': j.get('reference'),
            'content': {'body': p.get('body', ''), 'from_email': 'oversight@notifications.service.gov.uk',
                        'subject': p.get('subject', '')},
            'uri': f'https://api.notifications.service.gov.uk/v2/notifications/{nid}',
            'template': {'id': j['template_id'], 'version': 1,
                         'uri': f'https://api.notifications.service.gov.uk/v2/template/{j["template_id"]}'},
        })


srv = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
with open(os.path.join(out, '.port'), 'w') as f:
    f.write(str(srv.server_address[1]))
os.rename(os.path.join(out, '.port'), os.path.join(out, 'port'))
srv.serve_forever()
