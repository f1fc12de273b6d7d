# seclsp sandbox, `unshare` plan (used when bwrap is missing). harness-source.ts prepends this to
# each harness script, whose main() calls _confine first when the request asks for it. It runs as
# root of fresh user/mount/pid/net/ipc/uts namespaces made by `unshare --user --map-root-user
# ... --fork`, and builds what bwrap would: a new root on a
# tmpfs with read-only /usr and a few /etc files, a fresh /proc, a minimal /dev, private tmpfs
# work dir and /tmp; then pivot_root, detach the host tree, and drop every capability (bounding
# set included) with no_new_privs, so candidate code cannot mount, chroot or regain privileges.
def _confine(spec):
    # Imported here: the bwrap plan never needs them, and every import costs start-up time.
    import ctypes as _ctypes
    import os as _os
    import platform as _platform

    libc = _ctypes.CDLL(None, use_errno=True)
    libc.mount.argtypes = [_ctypes.c_char_p] * 3 + [_ctypes.c_ulong, _ctypes.c_char_p]

    def check(result, what):
        if result != 0:
            errno = _ctypes.get_errno()
            raise OSError(errno, "sandbox: %s: %s" % (what, _os.strerror(errno)))

    def mount(source, target, fstype, flags, data=None):
        enc = lambda s: s.encode() if isinstance(s, str) else s  # noqa: E731
        check(libc.mount(enc(source), enc(target), enc(fstype), flags, enc(data)), "mount " + target)

    ms_rdonly, ms_nosuid, ms_nodev, ms_noexec, ms_remount, ms_bind, ms_rec, ms_private = (
        1, 2, 4, 8, 32, 4096, 0x4000, 1 << 18)
    root = "/tmp"  # any existing dir: the tmpfs mounted on it becomes the new root
    size = "size=%d" % (spec["diskMb"] * 1024 * 1024)
    mount(None, "/", None, ms_rec | ms_private)
    mount("tmpfs", root, "tmpfs", ms_nosuid | ms_nodev, "mode=0755," + size)

    def bind_ro(path):
        if not _os.path.lexists(path):
            return
        target = root + path
        if _os.path.isdir(path) and not _os.path.islink(path):
            _os.makedirs(target, exist_ok=True)
        else:
            _os.makedirs(_os.path.dirname(target), exist_ok=True)
            open(target, "a").close()
        mount(path, target, None, ms_bind | ms_rec)
        # Flags the host mount has (nosuid, nodev, ...) are locked in a user namespace: keep them.
        kept = _os.statvfs(path).f_flag & (ms_nosuid | ms_nodev | ms_noexec)
        mount(None, target, None, ms_remount | ms_bind | ms_rdonly | kept)

    bind_ro("/usr")
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if _os.path.islink(top):
            _os.symlink(_os.readlink(top), root + top)
        elif _os.path.isdir(top):
            bind_ro(top)
    for path in spec["readOnly"]:
        bind_ro(path)
    _os.makedirs(root + "/dev")
    for device in ("null", "zero", "full", "random", "urandom"):
        open(root + "/dev/" + device, "a").close()
        mount("/dev/" + device, root + "/dev/" + device, None, ms_bind)
    _os.symlink("/proc/self/fd", root + "/dev/fd")
    for name in ("proc", "tmp", spec["workdir"].strip("/")):
        _os.makedirs(root + "/" + name, exist_ok=True)
    mount("proc", root + "/proc", "proc", ms_nosuid | ms_nodev | ms_noexec)
    mount("tmpfs", root + "/tmp", "tmpfs", ms_nosuid | ms_nodev, "mode=1777," + size)
    mount("tmpfs", root + spec["workdir"], "tmpfs", ms_nosuid | ms_nodev, "mode=0755," + size)
    mount(None, root, None, ms_remount | ms_bind | ms_rdonly | ms_nosuid | ms_nodev)

    pivot_root = {"x86_64": 155, "aarch64": 41}.get(_platform.machine())
    if pivot_root is None:
        raise OSError("sandbox: pivot_root: unsupported architecture " + _platform.machine())
    _os.chdir(root)
    check(libc.syscall(pivot_root, b".", b"."), "pivot_root")
    check(libc.umount2(b".", 2), "detach the host tree")  # MNT_DETACH
    _os.chdir("/")

    pr_capbset_drop, pr_set_no_new_privs = 24, 38
    for cap in range(64):
        if libc.prctl(pr_capbset_drop, cap, 0, 0, 0) != 0:
            break  # EINVAL past the last capability this kernel knows
    check(libc.prctl(pr_set_no_new_privs, 1, 0, 0, 0), "no_new_privs")
    header = (_ctypes.c_uint32 * 2)(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this thread
    data = (_ctypes.c_uint32 * 6)()
    check(libc.capset(header, data), "drop capabilities")
