#!/usr/bin/env python3
"""tests/smtp_sink.py DIR: an SMTP server for the mail tests (Debian's
python3-aiosmtpd) on a free loopback port, written to DIR/port. Each
message is kept as DIR/NNNN.eml, with its envelope recipients in a
"X-Envelope-To:" line first, the moment it is received: before the 250
reply, as a real server that has taken a message keeps it even if the
client dies before hearing back. If DIR/delay holds a number, the 250
reply waits that many seconds (a slow server, to kill a sender mid-send).
"""
import asyncio
import os
import socket
import sys
import time

from aiosmtpd.controller import Controller

out = sys.argv[1]
count = 0


class Sink:
    async def handle_DATA(self, server, session, envelope):
        global count
        count += 1
        tmp = os.path.join(out, f'.{count:04d}.tmp')
        with open(tmp, 'wb') as f:
            f.write(b'X-Envelope-To: ' + ','.join(envelope.rcpt_tos).encode() + b'\r\n')
            f.write(envelope.original_content or envelope.content)
        os.rename(tmp, os.path.join(out, f'{count:04d}.eml'))
        try:
            with open(os.path.join(out, 'delay')) as f:
                await asyncio.sleep(float(f.read().strip() or 0))
        except FileNotFoundError:
            pass
        return f'250 2.0.0 Ok: queued as SINK{count:04d}'


s = socket.socket()
s.bind(('127.0.0.1', 0))
port = s.getsockname()[1]
s.close()
c = Controller(Sink(), hostname='127.0.0.1', port=port)
c.start()
with open(os.path.join(out, '.port'), 'w') as f:
    f.write(str(port))
os.rename(os.path.join(out, '.port'), os.path.join(out, 'port'))
try:
    while True:
        time.sleep(3600)
finally:
    c.stop()
