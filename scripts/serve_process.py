"""`playbook serve` started on a free port of 127.0.0.1 for a script's checks, and stopped after."""
import socket, subprocess, time


def start(binary, db, cwd):
    """Starts the server on `db`; returns the process and its base URL once it accepts connections."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([binary, "serve", "--db", db, "--listen", f"127.0.0.1:{port}"], cwd=cwd,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    return server, f"http://127.0.0.1:{port}"


def stop(server):
    server.terminate()
    server.wait()
