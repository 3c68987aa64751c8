"""Accounts: password hashing and policy, users, roles, and ending a user's sessions.

One place for everything that changes an account, used by the admin pages (/pengguna),
the user's own page (/sandi) and the command line (``ppb pengguna``), so that each of them
applies the same policy and leaves the same audit trail:

- passwords are hashed with argon2id (argon2-cffi) at OWASP's minimum profile (19 MiB,
  2 passes, 1 lane: about 30 ms here, so sign-ins stay quick on a small server); hashes made
  by earlier versions (werkzeug's scrypt/pbkdf2) still verify and are replaced on sign-in;
- a new password has at least :data:`MIN_LENGTH` characters and is not in the list of common
  passwords (``data/sandi-umum.txt``), nor a simple pattern, nor the user name, nor a demo
  password;
- a change of password, role, OPD or status ends every session and revokes every API token
  of that user (:func:`end_sessions`).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, selectinload

from . import audit
from .models import ApiToken, Opd, User, UserSession, utcnow

ROLES = ("admin", "verifikator", "opd")
ROLE_TEXT = {"admin": "Admin (Bagian Organisasi)", "verifikator": "Verifikator",
             "opd": "Operator OPD"}
MIN_LENGTH = 10
MAX_LENGTH = 200
USERNAME_RE = re.compile(r"[a-z0-9][a-z0-9._-]{1,79}\Z")

_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# a hash to verify against when the user does not exist, so both cases take as long
_DUMMY = _HASHER.hash("ppb-tidak-ada-pengguna-ini")

DATA = Path(__file__).resolve().parent / "data"


class AccountError(Exception):
    """A refused account change: ``problems`` are Indonesian sentences, all of them at once."""

    def __init__(self, problems: list[str] | str, code: str = "INVALID_ACCOUNT") -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        self.code = code
        super().__init__(" ".join(self.problems))

    @property
    def message(self) -> str:
        return " ".join(self.problems)


# -- passwords ---------------------------------------------------------------------------------

def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> tuple[bool, bool]:
    """(matches, should be re-hashed). Never raises; an unknown hash format never matches."""
    if not stored:
        _safe_verify(_DUMMY, password)
        return False, False
    if stored.startswith("$argon2"):
        ok = _safe_verify(stored, password)
        try:
            return ok, ok and _HASHER.check_needs_rehash(stored)
        except InvalidHashError:
            return ok, False
    if stored.startswith(("scrypt:", "pbkdf2:")):   # hashes of versions before argon2
        from werkzeug.security import check_password_hash

        try:
            ok = check_password_hash(stored, password)
        except (ValueError, TypeError):
            ok = False
        return ok, ok
    _safe_verify(_DUMMY, password)
    return False, False


def _safe_verify(stored: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def dummy_verify(password: str) -> None:
    """Spend the time of one verification (for a user name that does not exist)."""
    _safe_verify(_DUMMY, password)


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    path = DATA / "sandi-umum.txt"
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.add(line.casefold())
    return frozenset(words)


def _demo_passwords() -> set[str]:
    from .seed import ADMIN, OPD_USER

    return {ADMIN[1].casefold(), OPD_USER[1].casefold()}


_SEQUENCES = ("0123456789012345678901234567890", "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
              "qwertyuiopasdfghjklzxcvbnmqwertyuiop", "1qaz2wsx3edc4rfv5tgb6yhn7ujm")


def _is_simple_pattern(folded: str) -> bool:
    """One repeated character or chunk, or a run along the alphabet, digits or keyboard."""
    if len(set(folded)) <= 2:
        return True
    for size in range(1, len(folded) // 2 + 1):
        if len(folded) % size == 0 and folded[:size] * (len(folded) // size) == folded:
            return True
    for seq in _SEQUENCES:
        if folded in seq or folded in seq[::-1]:
            return True
    return False


def _base_word(folded: str) -> str:
    """The password without trailing digits and punctuation ("pariaman2025!" -> "pariaman")."""
    return re.sub(r"[\d\W_]+\Z", "", folded)


def password_problems(password: str, username: str | None = None) -> list[str]:
    """Why ``password`` may not be used (empty list when it may)."""
    problems: list[str] = []
    if not isinstance(password, str) or not password:
        return ["Kata sandi wajib diisi."]
    if len(password) < MIN_LENGTH:
        problems.append(f"Kata sandi minimal {MIN_LENGTH} karakter (sekarang {len(password)}).")
    if len(password) > MAX_LENGTH:
        problems.append(f"Kata sandi paling panjang {MAX_LENGTH} karakter.")
    if any(unicodedata.category(ch) == "Cc" for ch in password):
        problems.append("Kata sandi tidak boleh memuat karakter kendali (mis. baris baru).")
    folded = unicodedata.normalize("NFKC", password).casefold()
    common = common_passwords()
    base = _base_word(folded)
    if (folded in common or folded in _demo_passwords() or _is_simple_pattern(folded)
            or (len(base) >= 4 and base in common and len(folded) - len(base) <= 6)):
        problems.append("Kata sandi ini terlalu umum atau mudah ditebak (ada dalam daftar kata "
                        "sandi umum); pilih gabungan beberapa kata yang tidak berkaitan.")
    if username and username.casefold() in folded:
        problems.append("Kata sandi tidak boleh memuat nama pengguna.")
    return problems


# -- users ------------------------------------------------------------------------------------

def get_user(sess: Session, username: str) -> User | None:
    return sess.scalar(select(User).options(selectinload(User.opd))
                       .where(User.username == (username or "").strip().lower()))


def _opd(sess: Session, singkatan: str | None) -> Opd | None:
    if not singkatan:
        return None
    return sess.scalar(select(Opd).where(func.upper(Opd.singkatan) == singkatan.strip().upper()))


def _role_problems(sess: Session, role: str, opd_singkatan: str | None) -> tuple[list[str], Opd | None]:
    problems: list[str] = []
    opd = None
    if role not in ROLES:
        problems.append(f"Peran '{role}' tidak dikenal; pilih salah satu: {', '.join(ROLES)}.")
    if opd_singkatan:
        opd = _opd(sess, opd_singkatan)
        if opd is None:
            known = ", ".join(sess.scalars(select(Opd.singkatan).order_by(Opd.singkatan)))
            problems.append(f"OPD '{opd_singkatan}' tidak ada" +
                            (f"; yang ada: {known}." if known else
                             "; basis data belum memuat OPD (muat data organisasi lebih dulu)."))
    elif role == "opd":
        problems.append("Pengguna berperan 'opd' wajib dikaitkan dengan satu OPD (--opd SINGKATAN).")
    return problems, opd


def create_user(sess: Session, *, username: str, role: str, password: str,
                nama: str | None = None, opd: str | None = None, actor: User | None = None,
                actor_name: str | None = None) -> User:
    """A new active account; raises :class:`AccountError` listing every problem."""
    username = (username or "").strip().lower()
    problems: list[str] = []
    if not USERNAME_RE.match(username):
        problems.append("Nama pengguna 2-80 karakter: huruf kecil, angka, titik, garis bawah atau "
                        "tanda hubung, diawali huruf atau angka.")
    elif get_user(sess, username) is not None:
        problems.append(f"Nama pengguna '{username}' sudah dipakai.")
    role_problems, opd_row = _role_problems(sess, role, opd)
    problems += role_problems
    problems += password_problems(password, username)
    nama = (nama or "").strip() or username
    if len(nama) > 200:
        problems.append("Nama lengkap paling panjang 200 karakter.")
    if problems:
        raise AccountError(problems)
    user = User(username=username, nama=nama, password_hash=hash_password(password), role=role,
                opd_id=opd_row.id if opd_row is not None else None, active=True,
                created_at=utcnow(), password_changed_at=utcnow(), demo_password=False)
    sess.add(user)
    sess.flush()
    audit.record(sess, "pengguna-tambah", actor=actor, actor_name=actor_name, target=username,
                 detail=f"peran {role}" + (f", OPD {opd_row.singkatan}" if opd_row else ""))
    return user


def end_sessions(sess: Session, user: User, *, keep: str | None = None) -> None:
    """End every session of ``user`` (but ``keep``, the id of the session making the change)
    and revoke every API token of theirs."""
    q = delete(UserSession).where(UserSession.user_id == user.id)
    if keep:
        q = q.where(UserSession.id != keep)
    sess.execute(q)
    sess.execute(update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked.is_(False))
                 .values(revoked=True))


def set_password(sess: Session, user: User, password: str, *, actor: User | None = None,
                 actor_name: str | None = None, keep_session: str | None = None) -> None:
    """Change ``user``'s password (their own change when ``actor`` is ``user``, else a reset),
    ending their other sessions and tokens; raises :class:`AccountError`."""
    problems = password_problems(password, user.username)
    if problems:
        raise AccountError(problems)
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    user.demo_password = False
    own = actor is not None and actor.id == user.id
    end_sessions(sess, user, keep=keep_session if own else None)
    audit.record(sess, "sandi-ubah" if own else "sandi-atur-ulang", actor=actor,
                 actor_name=actor_name, target=user.username)


def set_role(sess: Session, user: User, role: str, opd: str | None, *, actor: User | None = None,
             actor_name: str | None = None) -> bool:
    """Change role and/or OPD; returns whether anything changed. Ends the user's sessions."""
    problems, opd_row = _role_problems(sess, role, opd)
    if not problems and actor is not None and actor.id == user.id and role != "admin":
        problems.append("Admin tidak dapat menurunkan perannya sendiri; minta admin lain.")
    if not problems and user.role == "admin" and role != "admin" and _last_admin(sess, user):
        problems.append("Ini satu-satunya admin yang aktif; tambahkan admin lain lebih dulu.")
    if problems:
        raise AccountError(problems)
    new_opd = opd_row.id if opd_row is not None else None
    if user.role == role and user.opd_id == new_opd:
        return False
    before = f"{user.role}" + (f"/{user.opd.singkatan}" if user.opd else "")
    user.role, user.opd_id = role, new_opd
    end_sessions(sess, user)
    audit.record(sess, "pengguna-peran", actor=actor, actor_name=actor_name, target=user.username,
                 detail=f"{before} -> {role}" + (f"/{opd_row.singkatan}" if opd_row else ""))
    return True


def set_active(sess: Session, user: User, active: bool, *, actor: User | None = None,
               actor_name: str | None = None) -> bool:
    """Deactivate (ending every session and token) or activate; returns whether it changed."""
    if not active and actor is not None and actor.id == user.id:
        raise AccountError("Anda tidak dapat menonaktifkan akun Anda sendiri.")
    if not active and user.role == "admin" and _last_admin(sess, user):
        raise AccountError("Ini satu-satunya admin yang aktif; tambahkan admin lain lebih dulu.")
    if bool(user.active) == active:
        return False
    user.active = active
    if not active:
        end_sessions(sess, user)
    audit.record(sess, "pengguna-aktif" if active else "pengguna-nonaktif", actor=actor,
                 actor_name=actor_name, target=user.username)
    return True


def _last_admin(sess: Session, user: User) -> bool:
    others = sess.scalar(select(func.count(User.id)).where(
        User.role == "admin", User.active.is_(True), User.id != user.id))
    return not others


def list_users(sess: Session) -> list[User]:
    return list(sess.scalars(select(User).options(selectinload(User.opd))
                             .order_by(User.active.desc(), User.role, User.username)))


def demo_password_active(sess: Session) -> bool:
    """Whether an active account still has its published demo password (the red banner)."""
    return bool(sess.scalar(select(func.count(User.id)).where(
        User.demo_password.is_(True), User.active.is_(True))))
