#!/usr/bin/python3
"""A real SMTP server on loopback for the notices tests (Debian's python3-aiosmtpd).

    smtp_sink.py DIR [--user U --password P] [--reject ADDRESS]...

Listens on 127.0.0.1 on a free port and prints the port on the first line of standard
output. Each message received is parsed with Python's email module and written to DIR as
NNNN.json ({"envelopeFrom", "envelopeTo", "from", "to", "subject", "text", "html"}, every
header decoded) beside NNNN.eml (the bytes as received); the JSON appears last, whole (written
under another name, then renamed). With --user/--password, the server requires that sign-in
(PLAIN/LOGIN, allowed without TLS on loopback). A recipient given with --reject is refused
with 550, as a server refuses an unknown mailbox. Runs until killed.
"""

import argparse
import asyncio
import email
import email.policy
import itertools
import json
import logging
import os
import sys
import warnings

from aiosmtpd.smtp import SMTP, AuthResult


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--reject", action="append", default=[])
    args = parser.parse_args()
    # Sign-in without TLS is what this loopback test server is for: no warnings about it.
    warnings.simplefilter("ignore")
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    os.makedirs(args.dir, exist_ok=True)
    counter = itertools.count(1)
    rejected = {a.lower() for a in args.reject}

    class Sink:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address.lower() in rejected:
                return "550 5.1.1 No such mailbox here"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
            plain = msg.get_body(("plain",))
            html = msg.get_body(("html",))
            record = {
                "envelopeFrom": envelope.mail_from,
                "envelopeTo": envelope.rcpt_tos,
                "from": str(msg["From"]),
                "to": str(msg["To"]),
                "subject": str(msg["Subject"]),
                "text": plain.get_content() if plain is not None else None,
                "html": html.get_content() if html is not None else None,
            }
            n = next(counter)
            base = os.path.join(args.dir, f"{n:04}")
            with open(base + ".eml", "wb") as f:
                f.write(envelope.content)
            with open(base + ".json.part", "w", encoding="utf-8") as f:
                json.dump(record, f, ensure_ascii=False)
            os.rename(base + ".json.part", base + ".json")
            return "250 Message accepted"

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (
            auth_data.login.decode() == args.user
            and auth_data.password.decode() == args.password
        )
        # handled=False: aiosmtpd answers 535 itself (by default it would say nothing).
        return AuthResult(success=ok, handled=False)

    def factory():
        if args.user is None:
            return SMTP(Sink(), enable_SMTPUTF8=True)
        return SMTP(
            Sink(),
            enable_SMTPUTF8=True,
            auth_required=True,
            auth_require_tls=False,
            authenticator=authenticator,
        )

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(loop.create_server(factory, "127.0.0.1", 0))
    print(server.sockets[0].getsockname()[1], flush=True)
    loop.run_forever()


if __name__ == "__main__":
    sys.exit(main())
