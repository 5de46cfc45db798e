"""Voice and video calls and direct file transfer (Jingle) below the Qt boundary.

``api.py`` is the contract between the parts; ``media.py`` drives aiortc, which is imported only
when the first call starts (start-up budget, DESIGN.md).
"""
