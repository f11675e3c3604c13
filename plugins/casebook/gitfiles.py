"""The git plumbing the pull-request tools need: which files changed, and files as they were at a revision."""

from __future__ import annotations

import subprocess
from pathlib import Path


class GitFailed(Exception):
    """git is missing, the folder is not a repository, or the revision does not exist."""


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitFailed("git: not found — install git, or list the changed files with --files") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitFailed(f"git {args[0]}: {message[-1] if message else 'failed'}")
    return result.stdout


def top_level(folder: Path) -> Path:
    """The repository's top folder (the one holding .git)."""
    return Path(_git(folder, "rev-parse", "--show-toplevel").decode().strip())


def check_revision(root: Path, revision: str) -> None:
    if revision.startswith("-"):
        raise GitFailed(f"{revision!r} is not a revision — give a branch, tag or commit, e.g. origin/main")
    try:
        _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    except GitFailed:
        raise GitFailed(
            f"{revision!r} is not a revision of this repository — give a branch, tag or commit "
            "(in a shallow clone, fetch it first: git fetch origin main)"
        ) from None


def changed_files(root: Path, base: str) -> list[Path]:
    """Files that differ between `base` and the working tree, including new untracked files."""
    check_revision(root, base)
    changed = _git(root, "diff", "--name-only", "-z", "--no-renames", base, "--").split(b"\0")
    untracked = _git(root, "ls-files", "-z", "--others", "--exclude-standard", "--full-name").split(b"\0")
    return [root / name.decode() for name in sorted(set(changed + untracked)) if name]


def files_at(root: Path, revision: str, folders: list[str], target: Path) -> None:
    """Write the files under `folders` (paths from the top folder) as they were at `revision` into `target`."""
    check_revision(root, revision)
    listing = _git(root, "ls-tree", "-r", "-z", "--full-tree", revision, "--", *folders).split(b"\0")
    blobs = []
    for entry in filter(None, listing):
        meta, name = entry.split(b"\t", 1)
        mode, kind, blob = meta.split()
        if kind == b"blob" and mode != b"120000":  # files only; symbolic links are not case files
            blobs.append((blob.decode(), name.decode()))
    if not blobs:
        return
    # One `git cat-file --batch` reads every file; output: "<blob> blob <size>\n<content>\n" per file.
    output = _git(root, "cat-file", "--batch", stdin="".join(f"{blob}\n" for blob, _ in blobs).encode())
    position = 0
    for _, name in blobs:
        header_end = output.index(b"\n", position)
        size = int(output[position:header_end].split()[2])
        content = output[header_end + 1 : header_end + 1 + size]
        position = header_end + 1 + size + 1
        path = (target / name).resolve()
        if not path.is_relative_to(target.resolve()):
            continue  # never write outside the snapshot folder
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
