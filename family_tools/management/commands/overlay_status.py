"""The report of ziti/status.sh, from the controller's JSON lists that the script saved."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from members.models import Member

# The files ziti/status.sh writes into its folder, each one `ziti edge list … -j` output. The
# identities of each service policy are in TYPE-N.json (Dial-1.json, Bind-2.json, …).
LISTS = ("config.json", "terminators.json", "routers.json", "service-routers.json")


def short_time(stamp):
    """'2026-12-02T18:47:46.123Z' as '2026-12-02 18:47'."""
    return (stamp or "")[:16].replace("T", " ")


def ports_of(port_ranges):
    return ",".join(
        str(r["low"]) if r["low"] == r["high"] else f"{r['low']}-{r['high']}" for r in port_ranges
    )


def enrolled(identity):
    ott = (identity.get("enrollment") or {}).get("ott")
    return f"no, JWT valid until {short_time(ott['expiresAt'])} UTC" if ott else "yes"


def online(identity):
    return "online" if identity.get("hasEdgeRouterConnection") else "offline"


class Command(BaseCommand):
    help = (
        "Prints who can reach the site over the overlay, who may host it, what is bound and "
        "through which edge routers, from the JSON lists ziti/status.sh saved in FOLDER, with "
        "the member each identity is linked to on this site. Changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="Where ziti/status.sh saved the lists")
        parser.add_argument("service", help="The service's name on the overlay")

    def handle(self, folder, service, **options):
        self.folder = folder
        missing = [name for name in LISTS if not (folder / name).is_file()]
        if missing:
            raise CommandError(f"{folder} has no {', '.join(missing)}: run ziti/status.sh")
        self.members = self.linked_members()
        self.report_service(service)
        dial = self.identities("Dial")
        self.report_dial(dial)
        self.report_stale_links({identity["name"] for identity in dial})
        self.report_bind()
        terminators = self.load("terminators.json")["data"]
        self.report_terminators(terminators)
        self.report_routers(terminators)

    def load(self, name):
        try:
            return json.loads((self.folder / name).read_text())
        except ValueError as error:
            raise CommandError(
                f"{self.folder / name} is not the controller's JSON: {error}"
            ) from None

    def say(self, text=""):
        self.stdout.write(text)

    def table(self, rows, header):
        widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows]:
            cells = (str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
            self.say("  " + "  ".join(cells).rstrip())

    def linked_members(self):
        """{identity: member}, or None when the site's database cannot be read."""
        try:
            return {
                member.ziti_identity: member
                for member in Member.objects.exclude(ziti_identity=None).exclude(ziti_identity="")
            }
        except DatabaseError as error:
            self.say(f"(could not read the site's database: {error}; members not shown)")
            return None

    def identities(self, kind):
        """The identities of every KIND policy, once each, by name."""
        found = {}
        for path in sorted(self.folder.glob(f"{kind}-*.json")):
            for identity in self.load(path.name)["data"]:
                found[identity["name"]] = identity
        return [found[name] for name in sorted(found)]

    def report_service(self, service):
        configs = self.load("config.json")["data"]
        address = "no intercept config"
        if configs:
            data = configs[0]["data"]
            ports = ports_of(data["portRanges"])
            address = f"http://{','.join(data['addresses'])}" + (
                "" if ports == "80" else f":{ports}"
            )
        self.say(f"Service {service}, reached at {address}")

    def member_of(self, identity):
        if self.members is None:
            return "? (the site's database could not be read)"
        member = self.members.get(identity["name"])
        if member is None:
            return "not linked to a member (manage.py link_identity USERNAME IDENTITY)"
        return f"{member.username} ({member})" + ("" if member.is_active else ", DEACTIVATED")

    def report_dial(self, dial):
        self.say(f"\nWho can reach the site (Dial): {len(dial)}")
        rows = [[i["name"], enrolled(i), online(i), self.member_of(i)] for i in dial]
        if rows:
            self.table(rows, ["IDENTITY", "ENROLLED", "NOW", "MEMBER"])

    def report_stale_links(self, dial_names):
        stale = sorted(name for name in self.members or {} if name not in dial_names)
        if stale:
            self.say(
                "\nLinked on the site but not able to reach it "
                "(deleted or without #family.tools.clients):"
            )
            for name in stale:
                self.say(
                    f"  {name} -> {self.members[name].username}"
                    f"   (ziti/remove-person.sh {name} cleans up)"
                )

    def report_bind(self):
        bind = self.identities("Bind")
        self.say(f"\nServers allowed to host it (Bind): {len(bind)}")
        if bind:
            rows = [[i["name"], enrolled(i), online(i)] for i in bind]
            self.table(rows, ["IDENTITY", "ENROLLED", "NOW"])

    def report_terminators(self, terminators):
        self.say(
            f"\nBound right now: {len(terminators)} server process(es)"
            + ("" if terminators else " - nobody can open the site until run_ziti.py runs")
        )
        for terminator in terminators:
            since = terminator["createdAt"][:19].replace("T", " ")
            self.say(f"  via router {terminator['router']['name']}, since {since} UTC")

    def report_routers(self, terminators):
        routers = self.load("routers.json")["data"]
        carrying = {router["name"] for router in self.load("service-routers.json")["data"]}
        usable = [r for r in routers if r["name"] in carrying and r["isOnline"]]
        self.say(
            f"\nEdge routers: {len(routers)}, {sum(r['isOnline'] for r in routers)} online, "
            f"{len(usable)} of them carrying the site now"
        )
        bound = {}
        for terminator in terminators:
            name = terminator["router"]["name"]
            bound[name] = bound.get(name, 0) + 1
        rows = [
            [
                router["name"],
                "online" if router["isOnline"] else "OFFLINE",
                "yes"
                if router["isVerified"]
                else f"no, JWT valid until {short_time(router.get('enrollmentExpiresAt'))} UTC",
                "yes" if router["name"] in carrying else "no (the policies do not select it)",
                bound.get(router["name"], 0),
            ]
            for router in sorted(routers, key=lambda r: r["name"])
        ]
        if rows:
            self.table(rows, ["ROUTER", "NOW", "ENROLLED", "CARRIES THE SITE", "BOUND"])
        if len(usable) < 2:
            self.say(
                "  With fewer than two online routers carrying the site, a router restart or a "
                "host reboot\n  takes it away from everyone for a while: ziti/add-edge-router.sh "
                "adds another."
            )
