"""Drive a real X server (Xvfb) from a test as a window manager and a keyboard would.

ctypes on libX11 (already needed by Qt), so the tests need no extra package: find a top-level
window by title, ask it to close the way a window manager's close button does (a
WM_DELETE_WINDOW client message), give it the keyboard focus and send it key presses.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import re
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

_x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")

_Window = ctypes.c_ulong
_Atom = ctypes.c_ulong
_CLIENT_MESSAGE = 33
_IS_VIEWABLE = 2
_REVERT_TO_PARENT = 2
_KEY_PRESS, _KEY_RELEASE = 2, 3
_CONTROL_MASK = 1 << 2
_KEY_PRESS_MASK, _KEY_RELEASE_MASK = 1 << 0, 1 << 1


class _ClientMessage(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                ("display", ctypes.c_void_p), ("window", _Window), ("message_type", _Atom),
                ("format", ctypes.c_int), ("data", ctypes.c_long * 5)]


class _KeyEvent(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                ("display", ctypes.c_void_p), ("window", _Window), ("root", _Window),
                ("subwindow", _Window), ("time", ctypes.c_ulong), ("x", ctypes.c_int),
                ("y", ctypes.c_int), ("x_root", ctypes.c_int), ("y_root", ctypes.c_int),
                ("state", ctypes.c_uint), ("keycode", ctypes.c_uint),
                ("same_screen", ctypes.c_int)]


class _XEvent(ctypes.Union):
    _fields_ = [("xclient", _ClientMessage), ("xkey", _KeyEvent), ("pad", ctypes.c_long * 24)]


class _Attributes(ctypes.Structure):
    # XWindowAttributes up to map_state, then room for the rest.
    _fields_ = [("x", ctypes.c_int), ("y", ctypes.c_int), ("width", ctypes.c_int),
                ("height", ctypes.c_int), ("border_width", ctypes.c_int),
                ("depth", ctypes.c_int), ("visual", ctypes.c_void_p), ("root", _Window),
                ("c_class", ctypes.c_int), ("bit_gravity", ctypes.c_int),
                ("win_gravity", ctypes.c_int), ("backing_store", ctypes.c_int),
                ("backing_planes", ctypes.c_ulong), ("backing_pixel", ctypes.c_ulong),
                ("save_under", ctypes.c_int), ("colormap", ctypes.c_ulong),
                ("map_installed", ctypes.c_int), ("map_state", ctypes.c_int),
                ("pad", ctypes.c_long * 16)]


_x11.XOpenDisplay.restype = ctypes.c_void_p
_x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
_x11.XDefaultRootWindow.restype = _Window
_x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
_x11.XQueryTree.argtypes = [ctypes.c_void_p, _Window, ctypes.POINTER(_Window),
                            ctypes.POINTER(_Window), ctypes.POINTER(ctypes.POINTER(_Window)),
                            ctypes.POINTER(ctypes.c_uint)]
_x11.XFetchName.argtypes = [ctypes.c_void_p, _Window, ctypes.POINTER(ctypes.c_char_p)]
_x11.XGetWindowAttributes.argtypes = [ctypes.c_void_p, _Window, ctypes.POINTER(_Attributes)]
_x11.XInternAtom.restype = _Atom
_x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
_x11.XSendEvent.argtypes = [ctypes.c_void_p, _Window, ctypes.c_int, ctypes.c_long,
                            ctypes.POINTER(_XEvent)]
_x11.XSetInputFocus.argtypes = [ctypes.c_void_p, _Window, ctypes.c_int, ctypes.c_ulong]
_x11.XStringToKeysym.restype = ctypes.c_ulong
_x11.XStringToKeysym.argtypes = [ctypes.c_char_p]
_x11.XKeysymToKeycode.restype = ctypes.c_ubyte
_x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
_x11.XFree.argtypes = [ctypes.c_void_p]
_x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
_x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
_x11.XCreateSimpleWindow.restype = _Window
_x11.XCreateSimpleWindow.argtypes = [ctypes.c_void_p, _Window, ctypes.c_int, ctypes.c_int,
                                     ctypes.c_uint, ctypes.c_uint, ctypes.c_uint,
                                     ctypes.c_ulong, ctypes.c_ulong]
_x11.XSetSelectionOwner.argtypes = [ctypes.c_void_p, _Atom, _Window, ctypes.c_ulong]
_x11.XGetSelectionOwner.restype = _Window
_x11.XGetSelectionOwner.argtypes = [ctypes.c_void_p, _Atom]
_STRUCTURE_NOTIFY_MASK = 1 << 17


class Display:
    def __init__(self, name: str) -> None:
        self._dpy = _x11.XOpenDisplay(name.encode())
        if not self._dpy:
            raise RuntimeError(f"cannot open X display {name}")

    def close(self) -> None:
        _x11.XCloseDisplay(self._dpy)

    def _title(self, window: int) -> str:
        name = ctypes.c_char_p()
        if not _x11.XFetchName(self._dpy, window, ctypes.byref(name)) or not name.value:
            return ""
        text = name.value.decode(errors="replace")
        _x11.XFree(name)
        return text

    def _viewable(self, window: int) -> bool:
        attrs = _Attributes()
        return bool(_x11.XGetWindowAttributes(self._dpy, window, ctypes.byref(attrs))) and \
            attrs.map_state == _IS_VIEWABLE

    def windows(self) -> dict[int, str]:
        """Mapped top-level windows (no window manager: the root's children) and titles."""
        root, parent = _Window(), _Window()
        children = ctypes.POINTER(_Window)()
        count = ctypes.c_uint()
        _x11.XQueryTree(self._dpy, _x11.XDefaultRootWindow(self._dpy), ctypes.byref(root),
                        ctypes.byref(parent), ctypes.byref(children), ctypes.byref(count))
        found = {children[i]: self._title(children[i]) for i in range(count.value)
                 if self._viewable(children[i])}
        if children:
            _x11.XFree(children)
        return {w: t for w, t in found.items() if t}

    def find(self, title_prefix: str) -> int | None:
        """A window whose title starts with ``title_prefix``, after the "(3) " a window puts
        before its name while there are unread messages."""
        for window, title in self.windows().items():
            if re.sub(r"^\(\d+\) ", "", title).startswith(title_prefix):
                return window
        return None

    def request_close(self, window: int) -> None:
        """What a window manager sends when the user clicks the close button."""
        event = _XEvent()
        msg = event.xclient
        msg.type = _CLIENT_MESSAGE
        msg.window = window
        msg.message_type = _x11.XInternAtom(self._dpy, b"WM_PROTOCOLS", False)
        msg.format = 32
        msg.data[0] = _x11.XInternAtom(self._dpy, b"WM_DELETE_WINDOW", False)
        msg.data[1] = 0  # CurrentTime
        _x11.XSendEvent(self._dpy, window, False, 0, ctypes.byref(event))
        _x11.XSync(self._dpy, False)

    def own_system_tray(self) -> None:
        """Become the screen's system tray (freedesktop.org System Tray, XEmbed): own the
        _NET_SYSTEM_TRAY_S0 selection and announce it, as a desktop panel does. Lasts while
        this connection is open. Docking requests are not answered: enough for a program to
        see that a tray is there."""
        root = _x11.XDefaultRootWindow(self._dpy)
        tray = _x11.XCreateSimpleWindow(self._dpy, root, 0, 0, 1, 1, 0, 0, 0)
        selection = _x11.XInternAtom(self._dpy, b"_NET_SYSTEM_TRAY_S0", False)
        _x11.XSetSelectionOwner(self._dpy, selection, tray, 0)
        if _x11.XGetSelectionOwner(self._dpy, selection) != tray:
            raise RuntimeError("another program is the system tray")
        event = _XEvent()
        msg = event.xclient
        msg.type, msg.window, msg.format = _CLIENT_MESSAGE, root, 32
        msg.message_type = _x11.XInternAtom(self._dpy, b"MANAGER", False)
        msg.data[0], msg.data[1], msg.data[2] = 0, selection, tray
        _x11.XSendEvent(self._dpy, root, False, _STRUCTURE_NOTIFY_MASK, ctypes.byref(event))
        _x11.XSync(self._dpy, False)

    def focus(self, window: int) -> None:
        _x11.XSetInputFocus(self._dpy, window, _REVERT_TO_PARENT, 0)
        _x11.XSync(self._dpy, False)

    def press_with_control(self, window: int, keysym: str) -> None:
        """Ctrl+<key> to the focused ``window``: a key press and release with the Control
        modifier, as the X server delivers a keyboard's."""
        code = _x11.XKeysymToKeycode(self._dpy, _x11.XStringToKeysym(keysym.encode()))
        root = _x11.XDefaultRootWindow(self._dpy)
        for kind, mask in ((_KEY_PRESS, _KEY_PRESS_MASK), (_KEY_RELEASE, _KEY_RELEASE_MASK)):
            event = _XEvent()
            key = event.xkey
            key.type, key.window, key.root, key.time = kind, window, root, 0
            key.state, key.keycode, key.same_screen = _CONTROL_MASK, code, 1
            _x11.XSendEvent(self._dpy, window, True, mask, ctypes.byref(event))
        _x11.XSync(self._dpy, False)


@contextmanager
def xvfb() -> Iterator[str]:
    """A private Xvfb on a free display number; yields the DISPLAY value."""
    process = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    try:
        assert process.stdout is not None
        number = process.stdout.readline().decode().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        yield f":{number}"
    finally:
        process.terminate()
        process.wait(10)
