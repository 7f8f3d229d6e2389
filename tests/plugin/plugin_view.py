"""What tshark shows, reduced to comparable records: one per reliable-transport message (lisp-msrt or
lisp-tcp), per framing error, and per expert info."""
import re

from tshark_env import get, get_all, layers, walk

SEVERITY_ERROR = 8388608
TYPE_KEYS = {16: "error_notification", 17: "registration", 18: "registration_ack", 19: "registration_nack",
             20: "registration_refresh", 21: "mapping_notification", 22: "membership_subscribe",
             23: "membership_subscribe_ack", 24: "membership_subscribe_nack", 25: "membership_unsubscribe",
             26: "membership_element_add", 27: "membership_element_remove", 28: "membership_refresh_request",
             29: "membership_refresh_begin", 30: "membership_refresh_end"}
REASON_KEYS = {1: "invalid_site_prefix", 2: "authentication_failure", 3: "locator_set_not_allowed",
               4: "unspecified"}
DIRS = {"0": "etr_to_ms", "1": "ms_to_etr"}


def first(pairs, key):
    for k, v in walk(pairs):
        if k == key:
            return v
    return None


def every(pairs, key):
    return [v for k, v in walk(pairs) if k == key]


def frame_number(frame):
    return int(get(get(layers(frame), "frame"), "frame.number"))


def endpoints(frame):
    L = layers(frame)
    ip = get(L, "ip")
    if ip is not None:
        src, dst = get(ip, "ip.src"), get(ip, "ip.dst")
    else:
        ip6 = get(L, "ipv6")
        src, dst = "[%s]" % get(ip6, "ipv6.src"), "[%s]" % get(ip6, "ipv6.dst")
    tcp = get(L, "tcp")
    return "%s:%s" % (src, get(tcp, "tcp.srcport")), "%s:%s" % (dst, get(tcp, "tcp.dstport"))


def experts(tree):
    """(expert filter name, severity) of every expert info in a subtree."""
    out = []
    for k, v in walk(tree):
        if k == "_ws.expert" and isinstance(v, list):
            name = next((kk for kk, _ in v if not kk.startswith("_ws.")), "?")
            out.append((name, int(get(v, "_ws.expert.severity", "0"))))
    return out


def msrt_messages(frames):
    """Every lisp-msrt message and framing error, in capture order."""
    out = []
    for fr in frames:
        num = frame_number(fr)
        for proto in get_all(layers(fr), "lisp-msrt"):
            if get(proto, "lisp-msrt.udp") is not None:
                continue
            for label, msg in proto:
                if not label.startswith("Message ") or not isinstance(msg, list):
                    continue
                out.append(msrt_record(fr, num, label, msg))
    return out


def as_int(v):
    return None if v is None else int(v, 0)


def msrt_record(frame, num, label, msg):
    src, dst = endpoints(frame)
    d = DIRS.get(first(msg, "lisp-msrt.direction"))
    r = {"frame": num, "label": label, "dir": d, "src": src, "dst": dst,
         "etr": src if d == "etr_to_ms" else dst, "ms": dst if d == "etr_to_ms" else src,
         "session": as_int(first(msg, "lisp-msrt.session")),
         "framing_error": as_int(get(msg, "lisp-msrt.framing_error")),
         "type_code": as_int(get(msg, "lisp-msrt.type")), "length": as_int(get(msg, "lisp-msrt.length")),
         "id": as_int(get(msg, "lisp-msrt.id")), "eids": every(msg, "lisp-msrt.eid"),
         "scope": as_int(get(msg, "lisp-msrt.scope")),
         "rejected_only": first(msg, "lisp-msrt.rejected_only"),
         "reason_code": as_int(get(msg, "lisp-msrt.reason")),
         "response_in": as_int(get(msg, "lisp-msrt.response_in")),
         "response_to": as_int(get(msg, "lisp-msrt.response_to")),
         "malformed": get(msg, "lisp-msrt.malformed"), "short_form": get(msg, "lisp-msrt.short_form") is not None,
         "experts": experts(msg)}
    r["type"] = TYPE_KEYS.get(r["type_code"], "unknown") if r["type_code"] is not None else None
    r["reason"] = REASON_KEYS.get(r["reason_code"]) if r["reason_code"] is not None else None
    if r["rejected_only"] is not None:
        r["rejected_only"] = r["rejected_only"] in ("1", "True", "true")
    return r


def lisp_tcp_eid(tree):
    """The EID a lisp-tcp message names, built from lisp-tcp.* and the lisp.* fields it calls on."""
    iid = as_int(first(tree, "lisp.lcaf.iid")) or 0
    addr = None
    for key in ("lisp.lcaf.iid.ipv4", "lisp.lcaf.iid.ipv6", "lisp.lcaf.iid.mac", "lisp-tcp.message.eid.ipv4",
                "lisp-tcp.message.eid.ipv6", "lisp-tcp.message.eid.mac", "lisp.mapping.eid.ipv4",
                "lisp.mapping.eid.ipv6", "lisp.mapping.eid.mac"):
        addr = addr or first(tree, key)
    length = first(tree, "lisp-tcp.message.eid.prefix.length") or first(tree, "lisp.mapping.eid.masklen")
    if first(tree, "lisp-tcp.message.eid.prefix.afi") is None and first(tree, "lisp.mapping.eid.afi") is None:
        return None
    return normal_eid(iid, addr, as_int(length))


def normal_eid(iid, addr, length):
    return (iid, addr, length if addr is not None else None)


def parse_eid(text):
    """"[1000] 10.1.0.0/16" or "[1000] *" as (iid, address, length)."""
    iid, rest = text[1:].split("] ", 1)
    if rest == "*":
        return normal_eid(int(iid), None, None)
    addr, length = rest.rsplit("/", 1)
    return normal_eid(int(iid), addr, int(length))


def lisp_tcp_messages(frames):
    out = []
    for fr in frames:
        num = frame_number(fr)
        for msg in get_all(layers(fr), "lisp-tcp"):
            if not isinstance(msg, list):
                continue
            out.append({"frame": num, "type_code": as_int(get(msg, "lisp-tcp.message.type")),
                        "length": as_int(get(msg, "lisp-tcp.message.length")),
                        "id": as_int(get(msg, "lisp-tcp.message.id")),
                        "reason_code": as_int(first(msg, "lisp-tcp.message.registration_reject.reason")),
                        "scope": as_int(first(msg, "lisp-tcp.message.registration_refresh.scope")),
                        "eid": lisp_tcp_eid(msg), "experts": experts(msg)})
    return out


def all_experts(frames):
    out = []
    for fr in frames:
        num = frame_number(fr)
        out += [(num, name, sev) for name, sev in experts(layers(fr))]
    return out


def z_sections(text):
    """Splits -z lisp-msrt,stat or ,state output into {(ETR, Map-Server): lines}."""
    out, cur = {}, None
    for line in text.splitlines():
        mt = re.match(r"Session \d+: ETR (\S+), Map-Server (\S+)$", line)
        if mt:
            cur = out.setdefault((mt.group(1), mt.group(2)), [])
        elif cur is not None and line.startswith("  "):
            cur.append(line)
    return out


def state_rows(lines):
    """The rows of one session's -z lisp-msrt,state table: {(IID, "prefix/len"): (status, NACK reason or None)}."""
    rows = {}
    for line in lines:
        cells = re.split(r"\s{2,}", line.strip())
        if cells[0].isdigit() and len(cells) >= 3:
            reason = cells[3] if len(cells) > 3 and cells[3] in REASON_KEYS.values() else None
            rows[(int(cells[0]), cells[1])] = (cells[2], reason)
    return rows


def state_tables(text):
    """-z lisp-msrt,state output as {(ETR, Map-Server): state_rows}."""
    return {key: state_rows(lines) for key, lines in z_sections(text).items()}
