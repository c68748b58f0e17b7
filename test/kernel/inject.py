#!/usr/bin/env python3
"""Long-lived packet sender and counter reader for test/kernel/oracle.ts.

Started by oracle.ts as `python3 inject.py CONFIG_JSON` in the root network namespace.
CONFIG_JSON: {"req": fifo, "resp": fifo, "ns": {"a": name, "b": name, "r": name},
              "ifname": "a0", "srcMac": "02:..", "dstMac": "02:..", "ip": "/usr/sbin/ip"}

It reads one JSON request per line from the `req` FIFO and writes one JSON answer per line
to the `resp` FIFO:
  {"op": "probe", "probe": {...}, "reads": [[ns, argv], ...]}
      sends exactly one Ethernet frame on host A's interface (an AF_PACKET socket opened in
      namespace A, so host A's own IP stack, routing and neighbour discovery are not involved),
      then runs the read commands concurrently, each inside its namespace (setns), and answers
      {"ok": true, "reads": [{"rc": n, "out": "...", "err": "..."}, ...]}
  {"op": "read", "reads": [...]}   the reads only
  {"op": "quit"}                   exits; the caller removes the namespaces itself.
If the request FIFO reaches end of file without a quit (the Node process died), or on
SIGTERM/SIGINT/SIGHUP, it deletes the three namespaces and the caller's scratch directory
itself so that nothing is left behind.

Only documentation addresses are ever used, and frames are only sent into namespace A's veth.
"""
import ctypes
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys

CLONE_NEWNET = 0x40000000
_libc = ctypes.CDLL(None, use_errno=True)


def setns(fd):
    if _libc.setns(fd, CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        raise OSError(err, 'setns: ' + os.strerror(err))


def csum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff)
    s += s >> 16
    return ~s & 0xffff


def mac(text):
    return bytes(int(x, 16) for x in text.split(':'))


class Builder:
    def __init__(self, src_mac, dst_mac):
        self.src_mac = mac(src_mac)
        self.dst_mac = mac(dst_mac)
        self.ip_id = 1
        self.seq = 1000

    def l4(self, p, v6, s_, d_):
        """Returns (protocol number, L4 bytes with a correct checksum)."""
        proto = p['proto']
        sport = int(p.get('sport', 40000))
        dport = int(p.get('dport', 0))
        if proto == 'tcp':
            pn = 6
            self.seq = (self.seq + 7919) & 0xffffffff
            seg = struct.pack('!HHIIBBHHH', sport, dport, self.seq, 0, 5 << 4, 0x02, 64240, 0, 0)
        elif proto == 'udp':
            pn = 17
            data = b'sanso-probe'
            seg = struct.pack('!HHHH', sport, dport, 8 + len(data), 0) + data
        elif proto == 'icmp':
            pn = 58 if v6 else 1
            typ = int(p.get('icmpType', 128 if v6 else 8))
            code = int(p.get('icmpCode', 0))
            errors = (1, 2, 3, 4) if v6 else (3, 4, 5, 11, 12)
            if typ in errors:
                # rest of header, then the start of the (reverse) datagram the error is about
                if v6:
                    inner_udp = struct.pack('!HHHH', dport or 33434, sport, 8, 0)
                    inner = struct.pack('!IHBB16s16s', 6 << 28, 8, 17, 64, d_, s_) + inner_udp
                else:
                    inner = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 28, 1, 0, 64, 17, 0, d_, s_)
                    inner = inner[:10] + struct.pack('!H', csum(inner)) + inner[12:]
                    inner += struct.pack('!HHHH', dport or 33434, sport, 8, 0)
                rest = b'\0\0\0\0' + inner
            else:
                rest = struct.pack('!HH', 0x5a5a, self.seq & 0xffff) + b'sanso-probe'
            seg = struct.pack('!BBH', typ, code, 0) + rest
        else:
            raise ValueError('unknown proto %r' % proto)
        if v6:
            pseudo = s_ + d_ + struct.pack('!IxxxB', len(seg), pn)
        elif pn == 1:
            pseudo = b''  # ICMPv4: no pseudo-header
        else:
            pseudo = s_ + d_ + struct.pack('!BBH', 0, pn, len(seg))
        c = csum(pseudo + seg)
        if pn == 17 and c == 0:
            c = 0xffff
        off = {6: 16, 17: 6, 1: 2, 58: 2}[pn]
        seg = seg[:off] + struct.pack('!H', c) + seg[off + 2:]
        return pn, seg

    def frame(self, p):
        v6 = int(p['family']) == 6
        fam = socket.AF_INET6 if v6 else socket.AF_INET
        s_ = socket.inet_pton(fam, p['src'])
        d_ = socket.inet_pton(fam, p['dst'])
        pn, seg = self.l4(p, v6, s_, d_)
        if v6:
            ip = struct.pack('!IHBB16s16s', 6 << 28, len(seg), pn, 64, s_, d_)
            ethertype = 0x86dd
        else:
            self.ip_id = (self.ip_id + 1) & 0xffff
            ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(seg), self.ip_id, 0x4000, 64, pn, 0, s_, d_)
            ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
            ethertype = 0x0800
        return self.dst_mac + self.src_mac + struct.pack('!H', ethertype) + ip + seg


class Server:
    def __init__(self, cfg):
        self.cfg = cfg
        self.quit_requested = False
        self.home = os.open('/proc/self/ns/net', os.O_RDONLY)
        self.nsfd = {k: os.open('/var/run/netns/' + v, os.O_RDONLY) for k, v in cfg['ns'].items()}
        setns(self.nsfd['a'])
        try:
            # protocol 0: this socket only sends, it never queues received frames
            self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
            self.sock.bind((cfg['ifname'], 0))
        finally:
            setns(self.home)
        self.builder = Builder(cfg['srcMac'], cfg['dstMac'])

    def run_reads(self, reads, timeout):
        procs = []
        try:
            for ns, argv in reads:
                setns(self.nsfd[ns])
                try:
                    procs.append(subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                                  stderr=subprocess.PIPE))
                finally:
                    setns(self.home)
            res = []
            for pr in procs:
                try:
                    out, err = pr.communicate(timeout=timeout)
                    res.append({'rc': pr.returncode, 'out': out.decode('utf-8', 'replace'),
                                'err': err.decode('utf-8', 'replace')})
                except subprocess.TimeoutExpired:
                    pr.kill()
                    pr.communicate()
                    res.append({'rc': -1, 'out': '', 'err': 'timeout after %ss' % timeout})
            return res
        finally:
            for pr in procs:
                if pr.poll() is None:
                    pr.kill()
                    pr.wait()

    def handle(self, req):
        op = req.get('op')
        if op == 'quit':
            self.quit_requested = True
            return {'ok': True}
        if op == 'probe':
            frame = self.builder.frame(req['probe'])
            self.sock.send(frame)
        elif op != 'read':
            raise ValueError('unknown op %r' % op)
        return {'ok': True, 'reads': self.run_reads(req.get('reads', []), float(req.get('timeout', 10)))}

    def cleanup_namespaces(self):
        for name in self.cfg['ns'].values():
            try:
                subprocess.run([self.cfg.get('ip', 'ip'), 'netns', 'del', name], stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=10)
            except Exception:
                pass
        # the caller's scratch directory (FIFOs, log)
        d = os.path.dirname(self.cfg['req'])
        if os.path.basename(d).startswith('sanso-oracle-'):
            shutil.rmtree(d, ignore_errors=True)


def main():
    cfg = json.loads(sys.argv[1])
    # Open the answer FIFO first (the caller already holds its read end), then the request FIFO.
    resp = open(cfg['resp'], 'w', buffering=1)
    server = None

    def on_signal(signum, _frame):
        if server is not None and not server.quit_requested:
            server.cleanup_namespaces()
        os._exit(128 + signum)

    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, on_signal)
    try:
        server = Server(cfg)
    except Exception as e:  # report the start-up failure on the first request
        resp.write(json.dumps({'ok': False, 'error': 'start: %s' % e}) + '\n')
        return 1
    with open(cfg['req'], 'r') as req:
        resp.write(json.dumps({'ok': True, 'ready': True}) + '\n')
        for line in req:
            line = line.strip()
            if not line:
                continue
            try:
                ans = server.handle(json.loads(line))
            except Exception as e:
                ans = {'ok': False, 'error': '%s: %s' % (type(e).__name__, e)}
            resp.write(json.dumps(ans) + '\n')
            if server.quit_requested:
                return 0
    # end of file without quit: the Node process is gone; leave nothing behind
    server.cleanup_namespaces()
    return 0


if __name__ == '__main__':
    sys.exit(main())
