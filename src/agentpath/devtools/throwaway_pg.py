"""Start a throwaway PostgreSQL cluster on loopback, run a command against it, remove the cluster.

    python -m agentpath.devtools.throwaway_pg -- pytest -q

Sets DATABASE_URL for the command. Used by `make test-postgres` and by the benchmarks. As root, the
cluster runs as the `postgres` system user (PostgreSQL refuses to run as root).
"""
import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _pg_bin(name: str) -> str:
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    if candidates:
        return candidates[0]
    found = shutil.which(name)
    if found:
        return found
    raise SystemExit(f"PostgreSQL's {name} not found: install the Debian package 'postgresql'")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def throwaway_cluster(durable: bool = False, max_connections: int = 100):
    """Yield a DATABASE_URL for a fresh cluster; stop and delete it afterwards.

    Tests run without durability (fsync, synchronous_commit and full-page writes off: fast, and a crash only
    loses a cluster that is thrown away anyway). `durable=True` keeps PostgreSQL's defaults for all three, as
    in production, so that an acknowledged commit survives a crash: the benchmarks measure that."""
    as_root = os.geteuid() == 0
    base = tempfile.mkdtemp(prefix="agentpath-pg-")
    data, sock = os.path.join(base, "data"), os.path.join(base, "sock")
    os.makedirs(sock)
    prefix: list[str] = []
    if as_root:
        pw = pwd.getpwnam("postgres")
        for path in (base, data if os.path.exists(data) else base, sock):
            os.chown(path, pw.pw_uid, pw.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    log = os.path.join(base, "server.log")
    subprocess.run(prefix + [_pg_bin("initdb"), "-D", data, "-U", "agentpath", "--auth=trust", "-E", "UTF8",
                             "--locale=C.UTF-8", "-A", "trust"], check=True, stdout=subprocess.DEVNULL)
    opts = (f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={sock} "
            f"-c max_connections={max_connections} -c shared_buffers=256MB -c work_mem=64MB "
            f"-c maintenance_work_mem=256MB -c max_wal_size=4GB")
    if durable:
        opts += " -c fsync=on -c synchronous_commit=on -c full_page_writes=on"
    else:
        opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    subprocess.run(prefix + [_pg_bin("pg_ctl"), "-D", data, "-l", log, "-o", opts, "-w", "start"], check=True,
                   stdout=subprocess.DEVNULL)
    try:
        for _ in range(50):
            if subprocess.run(prefix + [_pg_bin("pg_isready"), "-h", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL).returncode == 0:
                break
            time.sleep(0.2)
        subprocess.run(prefix + [_pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "agentpath",
                                 "agentpath"], check=True)
        yield f"postgres://agentpath@127.0.0.1:{port}/agentpath"
    finally:
        subprocess.run(prefix + [_pg_bin("pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(base, ignore_errors=True)


def main(argv: list[str]) -> int:
    if "--" in argv:
        argv = argv[argv.index("--") + 1:]
    if not argv:
        print(__doc__)
        return 2
    with throwaway_cluster() as url:
        print(f"throwaway PostgreSQL at {url}", flush=True)
        env = {**os.environ, "DATABASE_URL": url}
        code = subprocess.run(argv, env=env).returncode
        print(f"throwaway PostgreSQL used {server_cpu_seconds(url):.0f} s of CPU", flush=True)
        return code


def server_cpu_seconds(url: str) -> float:
    """The CPU time of the cluster's server processes so far: the postmaster's own and that of the backends it has
    reaped (each connection's process ends with its connection), from /proc. The server is not a child of the
    command it serves, so that command's own CPU time leaves it out."""
    port = url.rsplit(":", 1)[1].split("/")[0]
    out = subprocess.run(["ps", "-o", "pid=,args=", "-C", "postgres"], capture_output=True, text=True).stdout
    for line in out.splitlines():
        pid, _, args = line.strip().partition(" ")
        if "-D" in args and f"port={port}" in args.replace(" ", ""):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks = sum(int(fields[i]) for i in (11, 12, 13, 14))  # utime, stime, cutime, cstime
            return ticks / os.sysconf("SC_CLK_TCK")
    raise RuntimeError(f"no postmaster on port {port}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
