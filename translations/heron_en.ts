<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AccountDialog</name>
    <message>
        <location filename="../app/heron/ui/account_dialog.py" line="61"/>
        <source>Add account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/account_dialog.py" line="61"/>
        <source>Edit account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/account_dialog.py" line="86"/>
        <source>Edit {jid}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/account_dialog.py" line="87"/>
        <source>Add an XMPP account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/account_dialog.py" line="90"/>
        <source>Change the password or how Heron connects. Heron signs in once to check before saving.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/account_dialog.py" line="92"/>
        <source>Sign in with your address (like alice@example.org), or create a new account on a server that allows it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/account_dialog.py" line="99"/>
        <location filename="../app/heron/ui/account_dialog.py" line="107"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/account_dialog.py" line="103"/>
        <location filename="../app/heron/ui/account_dialog.py" line="108"/>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/account_dialog.py" line="105"/>
        <source>Create this account on the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/account_dialog.py" line="114"/>
        <source>Connect to a specific host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/account_dialog.py" line="119"/>
        <location filename="../app/heron/ui/account_dialog.py" line="134"/>
        <source>Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/account_dialog.py" line="120"/>
        <source>from DNS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/account_dialog.py" line="123"/>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/account_dialog.py" line="125"/>
        <source>port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/account_dialog.py" line="126"/>
        <source>Direct TLS (XEP-0368)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/account_dialog.py" line="142"/>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/account_dialog.py" line="150"/>
        <location filename="../app/heron/ui/account_dialog.py" line="162"/>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/account_dialog.py" line="150"/>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/account_dialog.py" line="151"/>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/account_dialog.py" line="162"/>
        <source>Create account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/account_dialog.py" line="173"/>
        <source>You are signed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/account_dialog.py" line="179"/>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/account_dialog.py" line="191"/>
        <source>unchanged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/account_dialog.py" line="283"/>
        <source>Enter an address like alice@example.org.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/account_dialog.py" line="286"/>
        <source>Enter the password.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AccountFlow</name>
    <message>
        <location filename="../app/heron/ui/account_flow.py" line="60"/>
        <source>Something went wrong while signing in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/account_flow.py" line="61"/>
        <source>Try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/account_flow.py" line="75"/>
        <source>{jid} is already in Heron.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/account_flow.py" line="76"/>
        <source>Edit it from the Accounts menu.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/account_flow.py" line="80"/>
        <source>Enter the password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/account_flow.py" line="85"/>
        <source>Creating the account on {server}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/account_flow.py" line="95"/>
        <source>Connecting to {server}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/account_flow.py" line="107"/>
        <source>{jid} is connected. Your contacts appear in the list.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AffiliationsDialog</name>
    <message>
        <location filename="../app/heron/ui/room_admin.py" line="91"/>
        <source>People&apos;s roles in the room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_admin.py" line="101"/>
        <source>Owners</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_admin.py" line="101"/>
        <source>Admins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_admin.py" line="102"/>
        <source>Members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_admin.py" line="102"/>
        <source>Banned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_admin.py" line="113"/>
        <source>Address to add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_admin.py" line="115"/>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_admin.py" line="119"/>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_admin.py" line="129"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_admin.py" line="171"/>
        <source>Enter an address like name@example.org.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Appearance</name>
    <message>
        <location filename="../app/heron/ui/appearance.py" line="13"/>
        <source>Same as the system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/appearance.py" line="14"/>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/appearance.py" line="15"/>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <location filename="../app/heron/ui/banners.py" line="51"/>
        <location filename="../app/heron/ui/banners.py" line="52"/>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/banners.py" line="67"/>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BlockDialog</name>
    <message>
        <location filename="../app/heron/ui/blocking.py" line="38"/>
        <source>Block {name}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/blocking.py" line="46"/>
        <source>{jid} will no longer reach you: no messages, no calls, no contact requests, and your presence is hidden from them. You can unblock them later from Blocked contacts in the menu.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/blocking.py" line="49"/>
        <source>Also report as spam to your server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/blocking.py" line="55"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/blocking.py" line="58"/>
        <source>Block</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BlockedListDialog</name>
    <message>
        <location filename="../app/heron/ui/blocking.py" line="78"/>
        <source>Blocked contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/blocking.py" line="87"/>
        <source>Blocked addresses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/blocking.py" line="89"/>
        <source>Nobody is blocked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/blocking.py" line="97"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/blocking.py" line="118"/>
        <source>Unblock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/blocking.py" line="120"/>
        <source>Unblock {jid}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/blocking.py" line="131"/>
        <source>This account is not connected.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CallControls</name>
    <message>
        <location filename="../app/heron/ui/call_buttons.py" line="50"/>
        <location filename="../app/heron/ui/call_buttons.py" line="118"/>
        <source>Voice call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_buttons.py" line="52"/>
        <location filename="../app/heron/ui/call_buttons.py" line="119"/>
        <source>Video call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_buttons.py" line="62"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_buttons.py" line="64"/>
        <source>Cancel the call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_buttons.py" line="97"/>
        <source>Calls need your account to be online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_buttons.py" line="99"/>
        <source>Finding out whether {name} can take calls…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_buttons.py" line="111"/>
        <source>{name} is offline: a call needs one of their devices online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_buttons.py" line="113"/>
        <source>{name}&apos;s apps do not take calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_buttons.py" line="137"/>
        <source>Calling {name}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_buttons.py" line="159"/>
        <source>Ringing {name}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_buttons.py" line="161"/>
        <source>{name} answered, connecting…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CallLog</name>
    <message>
        <location filename="../app/heron/ui/call_log_row.py" line="45"/>
        <source>{n} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_log_row.py" line="47"/>
        <source>{n} min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_log_row.py" line="48"/>
        <source>{h} h {m} min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_log_row.py" line="55"/>
        <source>Missed video call from {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_log_row.py" line="56"/>
        <source>Missed call from {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_log_row.py" line="59"/>
        <source>Outgoing video call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_log_row.py" line="60"/>
        <source>Outgoing call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_log_row.py" line="62"/>
        <source>Incoming video call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_log_row.py" line="63"/>
        <source>Incoming call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_log_row.py" line="66"/>
        <source>Declined call from {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_log_row.py" line="68"/>
        <source>{name} declined the call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_log_row.py" line="70"/>
        <source>Call from {name} taken on another device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_log_row.py" line="72"/>
        <source>Outgoing call · cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_log_row.py" line="73"/>
        <source>Call not answered</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CallSettings</name>
    <message>
        <location filename="../app/heron/ui/call_settings.py" line="64"/>
        <source>Calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_settings.py" line="70"/>
        <source>Microphone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_settings.py" line="70"/>
        <source>Speaker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_settings.py" line="71"/>
        <source>Camera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_settings.py" line="76"/>
        <source>System default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_settings.py" line="85"/>
        <source>Play test tone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_settings.py" line="92"/>
        <source>Camera preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_settings.py" line="118"/>
        <source>No speaker found to play the tone on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_settings.py" line="131"/>
        <source>Playing a tone on %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_settings.py" line="143"/>
        <source>No camera found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_settings.py" line="145"/>
        <source>Starting the camera…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_settings.py" line="148"/>
        <source>The camera could not start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/calls_menu.py" line="16"/>
        <source>Microphone, Speaker and Camera…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/calls_menu.py" line="30"/>
        <source>Allow calls from people not in my contacts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CallSettingsDialog</name>
    <message>
        <location filename="../app/heron/ui/call_settings.py" line="175"/>
        <source>Call settings</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CallWindow</name>
    <message>
        <location filename="../app/heron/ui/call_window.py" line="88"/>
        <source>Call with %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_window.py" line="117"/>
        <source>No camera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_window.py" line="126"/>
        <source>%1&apos;s video</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_window.py" line="129"/>
        <location filename="../app/heron/ui/call_window.py" line="143"/>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_window.py" line="132"/>
        <source>Your camera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_window.py" line="157"/>
        <location filename="../app/heron/ui/call_window.py" line="279"/>
        <source>Mute microphone (M)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_window.py" line="159"/>
        <location filename="../app/heron/ui/call_window.py" line="294"/>
        <source>Turn camera off (V)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_window.py" line="162"/>
        <location filename="../app/heron/ui/call_window.py" line="308"/>
        <source>Share your screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_window.py" line="167"/>
        <location filename="../app/heron/ui/call_window.py" line="318"/>
        <source>Put the call on hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_window.py" line="172"/>
        <source>Devices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_window.py" line="177"/>
        <location filename="../app/heron/ui/call_window.py" line="357"/>
        <source>Hang up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_window.py" line="216"/>
        <location filename="../app/heron/ui/call_window.py" line="325"/>
        <source>In call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_window.py" line="219"/>
        <source>Reconnecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_window.py" line="222"/>
        <location filename="../app/heron/ui/call_window.py" line="223"/>
        <source>Connection lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_window.py" line="228"/>
        <source>Camera off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_window.py" line="228"/>
        <location filename="../app/heron/ui/call_window.py" line="322"/>
        <location filename="../app/heron/ui/call_window.py" line="324"/>
        <source>On hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_window.py" line="246"/>
        <source>On hold · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_window.py" line="279"/>
        <source>Unmute microphone (M)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_window.py" line="294"/>
        <source>Turn camera on (V)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_window.py" line="308"/>
        <source>Stop sharing your screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_window.py" line="318"/>
        <source>Resume the call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_window.py" line="354"/>
        <source>Hang up?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_window.py" line="355"/>
        <source>The call with %1 ends for both of you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_window.py" line="371"/>
        <location filename="../app/heron/ui/call_window.py" line="372"/>
        <source>Call ended</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CallWindows</name>
    <message>
        <location filename="../app/heron/ui/call_flow.py" line="94"/>
        <source>%1 hung up.</source>
        <extracomment>The Jingle states in which the call has media to show (calls/api.py, jingle_rtp.py).</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CertificateDialog</name>
    <message>
        <location filename="../app/heron/ui/certificate_dialog.py" line="24"/>
        <source>Untrusted certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/certificate_dialog.py" line="31"/>
        <source>The server&apos;s certificate has CHANGED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/certificate_dialog.py" line="33"/>
        <source>Heron could not verify this server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/certificate_dialog.py" line="35"/>
        <source>Heron refused this server&apos;s certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/certificate_dialog.py" line="39"/>
        <source>The certificate presented by {host} for {account} is not trusted.
{reason}

Only continue if you checked that this fingerprint is the server&apos;s, for example with its administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/certificate_dialog.py" line="44"/>
        <source>Heron refused the certificate presented by {host} for {account}.
{reason}

Heron will not sign in with this certificate, and it cannot be trusted from here. Tell the server&apos;s administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/certificate_dialog.py" line="69"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/certificate_dialog.py" line="56"/>
        <location filename="../app/heron/ui/certificate_dialog.py" line="57"/>
        <source>SHA-256 fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/certificate_dialog.py" line="62"/>
        <source>Trust this certificate</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChatDelegate</name>
    <message>
        <location filename="../app/heron/ui/chat_list.py" line="154"/>
        <source>You: {text}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChatListView</name>
    <message>
        <location filename="../app/heron/ui/chat_list.py" line="167"/>
        <source>Chats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/chat_list.py" line="191"/>
        <source>Open chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/chat_list.py" line="192"/>
        <source>Close chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/chat_list.py" line="195"/>
        <source>Hide it from this list until the next message; the history stays</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChatsModel</name>
    <message>
        <location filename="../app/heron/models/chats.py" line="168"/>
        <source>, {count} unread</source>
        <extracomment>how often the order was redone (a test counts it: once per burst)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/models/chats.py" line="254"/>
        <source>Draft: {text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/models/chats.py" line="264"/>
        <source>Message deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/models/chats.py" line="270"/>
        <source>Picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/models/chats.py" line="271"/>
        <source>File: {name}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ComposerSpelling</name>
    <message>
        <location filename="../app/heron/ui/spelling.py" line="165"/>
        <source>No suggestions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/spelling.py" line="168"/>
        <source>Add “{word}” to dictionary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/spelling.py" line="176"/>
        <source>Spelling language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/spelling.py" line="179"/>
        <source>No dictionaries installed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/spelling.py" line="183"/>
        <source>Off</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConfirmDialog</name>
    <message>
        <location filename="../app/heron/ui/confirm.py" line="29"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionStatus</name>
    <message>
        <location filename="../app/heron/ui/connection_status.py" line="68"/>
        <source>Connecting to {server}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/connection_status.py" line="73"/>
        <source>Reconnecting in {seconds} s —</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/connection_status.py" line="98"/>
        <source>Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/connection_status.py" line="99"/>
        <source>Try again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/connection_status.py" line="110"/>
        <source>Go offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/connection_status.py" line="111"/>
        <source>Go online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/connection_status.py" line="117"/>
        <source>{jid} was removed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContactDialog</name>
    <message>
        <location filename="../app/heron/ui/contact_dialog.py" line="23"/>
        <source>Edit contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/contact_dialog.py" line="23"/>
        <source>Add contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/contact_dialog.py" line="33"/>
        <location filename="../app/heron/ui/contact_dialog.py" line="43"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/contact_dialog.py" line="38"/>
        <location filename="../app/heron/ui/contact_dialog.py" line="44"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/contact_dialog.py" line="41"/>
        <location filename="../app/heron/ui/contact_dialog.py" line="45"/>
        <source>Groups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/contact_dialog.py" line="42"/>
        <source>Friends, Work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/contact_dialog.py" line="50"/>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/contact_dialog.py" line="50"/>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/contact_dialog.py" line="58"/>
        <source>Enter an address like bob@example.org.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConversationFiles</name>
    <message>
        <location filename="../app/heron/ui/file_actions.py" line="125"/>
        <source>Your server ({domain}) does not offer file upload, so files cannot be sent from this account.</source>
        <extracomment>where pictures shown inline are kept (not the user&apos;s download folder)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/file_actions.py" line="128"/>
        <source>Files can be sent once this account is connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/file_actions.py" line="130"/>
        <source>Send a file (up to {size})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/file_actions.py" line="132"/>
        <location filename="../app/heron/ui/file_actions.py" line="138"/>
        <source>Send a file</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConversationPane</name>
    <message>
        <location filename="../app/heron/ui/conversation.py" line="188"/>
        <location filename="../app/heron/ui/conversation.py" line="189"/>
        <source>Back to contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/conversation.py" line="226"/>
        <source>Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/conversation.py" line="258"/>
        <source>No messages yet. Say hello!</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/conversation.py" line="279"/>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/conversation.py" line="280"/>
        <source>Write a message…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/conversation.py" line="287"/>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/conversation.py" line="313"/>
        <source>Attach a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/conversation.py" line="330"/>
        <source>Add an account…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/conversation.py" line="342"/>
        <source>Select a contact to start chatting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/conversation.py" line="343"/>
        <source>Heron needs an XMPP account to chat.
Add yours to get started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/conversation.py" line="352"/>
        <source>Correcting your message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/conversation.py" line="354"/>
        <source>Cancel (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/conversation.py" line="371"/>
        <source>{name} is typing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/conversation.py" line="383"/>
        <source>Your server ({domain}) keeps no message archive: this history is only on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/conversation.py" line="524"/>
        <source>This account is not connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/conversation.py" line="628"/>
        <source>Delete for everyone?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/conversation.py" line="629"/>
        <source>It is deleted here and on your other devices, and for {name} if their app supports it. They may have read or copied it already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/conversation.py" line="632"/>
        <source>Delete for everyone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/conversation.py" line="644"/>
        <source>This account is not connected: the message was not deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_moderation.py" line="78"/>
        <source>This account is not connected: the message was not removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_moderation.py" line="84"/>
        <source>The room did not remove the message.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CreateRoomDialog</name>
    <message>
        <location filename="../app/heron/ui/room_config.py" line="146"/>
        <source>Create a room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_config.py" line="155"/>
        <source>Open it now with the usual settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_config.py" line="157"/>
        <source>Choose its settings first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_config.py" line="165"/>
        <location filename="../app/heron/ui/room_config.py" line="181"/>
        <source>Create</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CropArea</name>
    <message>
        <location filename="../app/heron/ui/picture_crop.py" line="45"/>
        <source>Picture area: drag to move, wheel or +/- to resize</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CropDialog</name>
    <message>
        <location filename="../app/heron/ui/picture_crop.py" line="125"/>
        <source>Your picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/picture_crop.py" line="132"/>
        <source>Drag to choose what shows; the mouse wheel or + and - zoom.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/picture_crop.py" line="138"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/picture_crop.py" line="140"/>
        <source>Use this picture</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DataFormWidget</name>
    <message>
        <location filename="../app/heron/ui/data_form.py" line="169"/>
        <source>One address per line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/data_form.py" line="205"/>
        <source>(not set)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/data_form.py" line="255"/>
        <source>This field is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/data_form.py" line="256"/>
        <source>Enter addresses like name@example.org.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/data_form.py" line="257"/>
        <source>Choose one of the options.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/data_form.py" line="258"/>
        <source>Enter a single line.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DateDialog</name>
    <message>
        <location filename="../app/heron/ui/history_menu.py" line="55"/>
        <source>Jump to a date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/history_menu.py" line="67"/>
        <source>Go</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Delivery</name>
    <message>
        <location filename="../app/heron/models/messages.py" line="146"/>
        <source>Read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/models/messages.py" line="148"/>
        <source>Not delivered: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_failures.py" line="31"/>
        <source>Not sent: {user} has no device that Heron can encrypt to. Ask them to turn on OMEMO encryption, or turn encryption off for this chat to send it unencrypted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_failures.py" line="34"/>
        <source>Not sent: this message could not be encrypted for {user}. Try again in a moment; if it keeps failing, turn encryption off for this chat to send it unencrypted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_failures.py" line="37"/>
        <source>Not sent: {text} in this room have no device that Heron can encrypt to. Ask them to turn on OMEMO encryption, or turn encryption off for this room to send it unencrypted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_failures.py" line="40"/>
        <source>Not sent: this room is no longer members-only and non-anonymous, so it cannot be encrypted. Turn encryption off for this room to send it unencrypted.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DestroyDialog</name>
    <message>
        <location filename="../app/heron/ui/room_admin.py" line="71"/>
        <source>Destroy this room?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_admin.py" line="72"/>
        <source>{room} will be gone for everyone in it, with its settings and lists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_admin.py" line="73"/>
        <source>Destroy room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_admin.py" line="77"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_admin.py" line="78"/>
        <source>Reason (optional, everyone sees it)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeviceMenu</name>
    <message>
        <location filename="../app/heron/ui/call_devices.py" line="38"/>
        <source>Microphone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_devices.py" line="38"/>
        <source>Speaker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_devices.py" line="39"/>
        <source>Camera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_devices.py" line="49"/>
        <source>System default</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Dialog</name>
    <message>
        <location filename="../app/heron/ui/dialog_buttons.py" line="12"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DirectFiles</name>
    <message>
        <location filename="../app/heron/ui/direct_file.py" line="47"/>
        <location filename="../app/heron/ui/direct_file.py" line="96"/>
        <source>Send a file directly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/direct_file.py" line="51"/>
        <source>Sends a file straight to the contact&apos;s device, without your server keeping a copy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EditProfileDialog</name>
    <message>
        <location filename="../app/heron/ui/profile_dialogs.py" line="169"/>
        <source>My profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/profile_dialogs.py" line="178"/>
        <source>Choose picture…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/profile_dialogs.py" line="202"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/profile_dialogs.py" line="204"/>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/profile_dialogs.py" line="240"/>
        <source>{file} is not a picture Heron can read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/profile_dialogs.py" line="271"/>
        <source>Choose a picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/profile_dialogs.py" line="272"/>
        <source>Images (*.png *.jpg *.jpeg *.gif *.webp)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/profile_dialogs.py" line="279"/>
        <source>This account is not connected.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FileCard</name>
    <message>
        <location filename="../app/heron/ui/file_card.py" line="43"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/file_card.py" line="44"/>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/file_card.py" line="45"/>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/file_card.py" line="46"/>
        <source>Open folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/file_card.py" line="47"/>
        <source>Load picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/file_card.py" line="185"/>
        <source>Uploading</source>
        <extracomment>the thumbnail&apos;s size once known (kept when the pixmap leaves memory: the row keeps its height and the list is not laid out again) asks for the pixmap (called when the card is painted without one, never to measure)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/file_card.py" line="186"/>
        <source>Downloading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/direct_file_card.py" line="24"/>
        <source>Accept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/direct_file_card.py" line="25"/>
        <source>Decline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/direct_file_card.py" line="41"/>
        <source>Sending</source>
        <extracomment>a progress bar shows in these states</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/direct_file_card.py" line="42"/>
        <source>Receiving</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/direct_file_card.py" line="47"/>
        <source>Sent to you directly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/direct_file_card.py" line="48"/>
        <source>Waiting for an answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/direct_file_card.py" line="49"/>
        <source>Sent directly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/direct_file_card.py" line="50"/>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/direct_file_card.py" line="51"/>
        <location filename="../app/heron/ui/file_card.py" line="191"/>
        <source>Not sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/direct_file_card.py" line="52"/>
        <source>Not received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/file_card.py" line="192"/>
        <source>Not saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/file_card.py" line="193"/>
        <source>Saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/file_card.py" line="194"/>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/file_card.py" line="195"/>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/file_card.py" line="210"/>
        <source>FILE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/file_card.py" line="289"/>
        <source>Picture not loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/file_card.py" line="290"/>
        <source>Loading picture…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FileMenu</name>
    <message>
        <location filename="../app/heron/ui/file_menu.py" line="14"/>
        <source>Show pictures from everyone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/file_menu.py" line="15"/>
        <source>Show pictures from contacts only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/file_menu.py" line="16"/>
        <source>Show pictures only when clicked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/file_menu.py" line="31"/>
        <source>Download folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/file_menu.py" line="44"/>
        <source>Download folder</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <location filename="../app/heron/ui/find_bar.py" line="38"/>
        <location filename="../app/heron/ui/find_bar.py" line="39"/>
        <source>Find in this conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/find_bar.py" line="44"/>
        <source>Older match (Enter, F3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/find_bar.py" line="45"/>
        <source>Newer match (Shift+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/find_bar.py" line="46"/>
        <source>Close (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/find_bar.py" line="143"/>
        <source>No matches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/find_bar.py" line="145"/>
        <source>{n} of {m}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HistoryTools</name>
    <message>
        <location filename="../app/heron/ui/history_menu.py" line="40"/>
        <source>Find, jump to a date, export, delete history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/history_menu.py" line="42"/>
        <source>Conversation menu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/history_menu.py" line="90"/>
        <source>Find in conversation  (Ctrl+F)</source>
        <extracomment>something done, worth a line in the status bar (&quot;Exported 1,234 messages to …&quot;)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/history_menu.py" line="91"/>
        <source>Jump to a date…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/history_menu.py" line="92"/>
        <source>Export as text…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/history_menu.py" line="93"/>
        <source>Export as HTML…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/history_menu.py" line="94"/>
        <source>Delete history on this computer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/history_menu.py" line="137"/>
        <source>Export the conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/history_menu.py" line="142"/>
        <source>HTML page (*.html)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/history_menu.py" line="143"/>
        <source>Text file (*.txt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/history_menu.py" line="156"/>
        <source>You</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/history_menu.py" line="157"/>
        <source>Exporting the conversation with {name}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/history_menu.py" line="164"/>
        <source>Conversation with {name} ({jid})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/history_menu.py" line="165"/>
        <source>(message deleted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/history_menu.py" line="166"/>
        <source>Exported {n} messages to {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/history_menu.py" line="177"/>
        <source>Delete the history with {name}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/history_menu.py" line="178"/>
        <source>Every message of this conversation is deleted from this computer. Your server&apos;s archive is not changed: your other devices keep their copies.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/history_menu.py" line="180"/>
        <source>Delete history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/history_menu.py" line="193"/>
        <source>Deleted {n} messages from this computer.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HoverReactions</name>
    <message>
        <location filename="../app/heron/ui/reaction_hover.py" line="29"/>
        <source>React</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/reaction_hover.py" line="46"/>
        <source>More reactions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/reaction_hover.py" line="50"/>
        <source>React with {emoji}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IncomingCallWindow</name>
    <message>
        <location filename="../app/heron/ui/call_ring.py" line="98"/>
        <source>Video call from {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_ring.py" line="99"/>
        <source>Voice call from {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_ring.py" line="108"/>
        <source>Incoming video call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_ring.py" line="108"/>
        <source>Incoming voice call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_ring.py" line="115"/>
        <source>&amp;Decline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_ring.py" line="116"/>
        <source>Decline the call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_ring.py" line="117"/>
        <source>Accept with &amp;video</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_ring.py" line="118"/>
        <source>Accept the call with your camera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_ring.py" line="120"/>
        <source>Accept &amp;audio only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_ring.py" line="121"/>
        <source>&amp;Accept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_ring.py" line="122"/>
        <source>Accept the call without your camera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_ring.py" line="123"/>
        <source>Accept the call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_ring.py" line="135"/>
        <source>Enter answers · Esc declines</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InvitationDialog</name>
    <message>
        <location filename="../app/heron/ui/room_invites.py" line="57"/>
        <source>Invitation to a room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_invites.py" line="59"/>
        <source>Someone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_invites.py" line="60"/>
        <source>{who} invites you to {room}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_invites.py" line="68"/>
        <source>Join</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_invites.py" line="69"/>
        <source>Decline</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InviteDialog</name>
    <message>
        <location filename="../app/heron/ui/room_invites.py" line="131"/>
        <source>Invite to this room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_invites.py" line="135"/>
        <location filename="../app/heron/ui/room_invites.py" line="147"/>
        <source>Contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_invites.py" line="145"/>
        <location filename="../app/heron/ui/room_invites.py" line="148"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_invites.py" line="146"/>
        <source>Optional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_invites.py" line="150"/>
        <source>Invite</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JoinLinkDialog</name>
    <message>
        <location filename="../app/heron/ui/room_link.py" line="47"/>
        <location filename="../app/heron/ui/room_link.py" line="48"/>
        <source>Join room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_link.py" line="53"/>
        <source>A link asks you to join this room:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_link.py" line="63"/>
        <location filename="../app/heron/ui/room_link.py" line="65"/>
        <source>Nickname</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_link.py" line="68"/>
        <source>The link includes the room&apos;s password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_link.py" line="75"/>
        <source>Join</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_link.py" line="86"/>
        <source>Choose a nickname first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_link.py" line="88"/>
        <source>Joining rooms is not available for this account.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JoinRoomDialog</name>
    <message>
        <location filename="../app/heron/ui/room_join.py" line="40"/>
        <source>Join a room</source>
        <extracomment>&quot;Create this room&quot; for a room that does not exist: (room, nick) for the create dialog, which offers the room&apos;s settings form before the room opens (ui/room_config.py)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_join.py" line="52"/>
        <location filename="../app/heron/ui/room_join.py" line="69"/>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_join.py" line="57"/>
        <source>Room address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_join.py" line="63"/>
        <location filename="../app/heron/ui/room_join.py" line="73"/>
        <source>Nickname</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_join.py" line="66"/>
        <source>Room password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_join.py" line="72"/>
        <source>Room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_join.py" line="74"/>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_join.py" line="78"/>
        <source>Password…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_join.py" line="84"/>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_join.py" line="87"/>
        <source>Create this room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_join.py" line="92"/>
        <location filename="../app/heron/ui/room_join.py" line="181"/>
        <source>Join</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_join.py" line="151"/>
        <source>This account is not connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_join.py" line="154"/>
        <source>Enter a room address like room@conference.example.org.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_join.py" line="157"/>
        <source>Enter a nickname.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_join.py" line="162"/>
        <source>Joining…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LastSeen</name>
    <message>
        <location filename="../app/heron/ui/last_seen.py" line="19"/>
        <source>a minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/last_seen.py" line="21"/>
        <source>{n} minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/last_seen.py" line="23"/>
        <source>an hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/last_seen.py" line="25"/>
        <source>{n} hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/last_seen.py" line="27"/>
        <source>a day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/last_seen.py" line="28"/>
        <source>{n} days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/last_seen.py" line="37"/>
        <source>idle for {span}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/last_seen.py" line="42"/>
        <source>last seen just now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/last_seen.py" line="44"/>
        <source>last seen {span} ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/last_seen.py" line="45"/>
        <source>last seen on {date}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ListSwitch</name>
    <message>
        <location filename="../app/heron/ui/chat_list.py" line="210"/>
        <source>Show chats or contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/chat_list.py" line="216"/>
        <source>Chats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/chat_list.py" line="217"/>
        <source>Contacts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="71"/>
        <source>Heron main window</source>
        <extracomment>The window was closed (button, Ctrl+Q, or a signal): the runner then shuts Heron down.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="242"/>
        <source>{jid} wants to see your presence and chat with you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="243"/>
        <source>Deny</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="244"/>
        <source>Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="295"/>
        <source>Enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="300"/>
        <source>Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="303"/>
        <source>Remove…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MessageBubble</name>
    <message>
        <location filename="../app/heron/ui/rich_bubble.py" line="66"/>
        <source>Message not available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/rich_bubble.py" line="67"/>
        <location filename="../app/heron/ui/rich_bubble.py" line="173"/>
        <source>You</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/rich_bubble.py" line="70"/>
        <source>Message deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/rich_bubble.py" line="175"/>
        <source>{emoji} from {names}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/rich_bubble.py" line="185"/>
        <source>Earlier versions:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_moderation.py" line="30"/>
        <source>Removed by a moderator ({reason})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_moderation.py" line="32"/>
        <source>Removed by a moderator</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MessageDelegate</name>
    <message>
        <location filename="../app/heron/ui/delegates.py" line="341"/>
        <source>You deleted this message</source>
        <extracomment>states whose mark is painted in the danger colour: the message reached nobody who a &quot;/me&quot; message is about: the sender&apos;s name (mine for outgoing messages) a file card&apos;s button was clicked: (its FileTransfer, &quot;cancel&quot;/&quot;retry&quot;/&quot;save&quot;/...) an image file&apos;s thumbnail (file_card.Picture), None for other files how a message was encrypted, for its tooltip (ui/omemo_lock.py sets it) an aesgcm:// link that came in plaintext: a warning under it (ui/omemo_plain_link.py) the text a bubble shows (an OMEMO placeholder translated: ui/omemo_failures.py)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/delegates.py" line="342"/>
        <source>Message deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/delegates.py" line="563"/>
        <source>Edited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/delegates.py" line="569"/>
        <source>Not delivered: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/delegates.py" line="590"/>
        <source>Message text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/read_marks.py" line="25"/>
        <source>New messages</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MessageMenu</name>
    <message>
        <location filename="../app/heron/ui/message_menu.py" line="58"/>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/message_menu.py" line="62"/>
        <source>Copy link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/message_menu.py" line="65"/>
        <source>Quote</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/message_menu.py" line="69"/>
        <source>Reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/message_menu.py" line="73"/>
        <source>Send again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/message_menu.py" line="78"/>
        <source>Correct…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/message_menu.py" line="84"/>
        <source>Delete for everyone…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/reaction_menu.py" line="26"/>
        <source>React</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/reaction_menu.py" line="38"/>
        <source>React with {emoji}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/reaction_menu.py" line="52"/>
        <source>Add reaction…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_moderation.py" line="67"/>
        <source>Remove message…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MessageModel</name>
    <message>
        <location filename="../app/heron/models/messages.py" line="139"/>
        <source>message deleted</source>
        <extracomment>a group room (ui/room_pane.py sets it): bubbles show the sender&apos;s nick a room: the user&apos;s nick there (ui/room_pane.py sets it): mentions emitted after a page of older messages was inserted at the top (count) emitted when new messages were appended at the bottom the file a message shows (models/files.py FileIndex.of); none until one is set the row the &quot;New messages&quot; line is painted above (set when the conversation opens)</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MessageNotifications</name>
    <message>
        <location filename="../app/heron/ui/notifications.py" line="139"/>
        <source>{name} ({count} new messages)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MessageTextSelector</name>
    <message>
        <location filename="../app/heron/ui/delegates.py" line="684"/>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/delegates.py" line="686"/>
        <source>Select All</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OccupantPanel</name>
    <message>
        <location filename="../app/heron/ui/room_occupants.py" line="109"/>
        <source>People in this room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_occupants.py" line="129"/>
        <source>People — {count}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OmemoDevicesDialog</name>
    <message>
        <location filename="../app/heron/ui/omemo_devices.py" line="49"/>
        <location filename="../app/heron/ui/omemo_devices.py" line="50"/>
        <location filename="../app/heron/ui/omemo_devices.py" line="55"/>
        <source>Encryption keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_devices.py" line="57"/>
        <source>Compare each fingerprint with the one the device&apos;s owner sees on it, then choose Verify. Messages are encrypted only for devices you trust or verified.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_devices.py" line="72"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_devices.py" line="91"/>
        <source>QR code of your fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_devices.py" line="97"/>
        <source>Scan this code with your contact&apos;s phone to verify your device, or paste the link of theirs (xmpp:…) to verify their devices.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_devices.py" line="101"/>
        <source>Fingerprint link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_devices.py" line="120"/>
        <source>This is not a link with OMEMO fingerprints.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_devices.py" line="124"/>
        <source>Verified: device {ids}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_devices.py" line="127"/>
        <source>Not verified, the fingerprint differs: device {ids}. Ask your contact which is right.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_devices.py" line="131"/>
        <source>Unknown device: {ids}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_devices.py" line="134"/>
        <source>{n} key(s) in the link match no device of this contact.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_devices.py" line="178"/>
        <source>Your devices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_devices.py" line="194"/>
        <source>legacy OMEMO</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_devices.py" line="196"/>
        <source>Device {id} · {versions}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_devices.py" line="199"/>
        <source>this device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_devices.py" line="201"/>
        <source>no longer in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_devices.py" line="206"/>
        <source>Last message: {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_devices.py" line="208"/>
        <source>No message from it yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_devices.py" line="222"/>
        <location filename="../app/heron/ui/omemo_devices.py" line="250"/>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_devices.py" line="224"/>
        <source>Take this device off your account&apos;s device list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_devices.py" line="232"/>
        <source>Trust</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_devices.py" line="233"/>
        <source>Verify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_devices.py" line="234"/>
        <source>Distrust</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_devices.py" line="247"/>
        <source>Remove device {id}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_devices.py" line="248"/>
        <source>Your contacts stop encrypting messages for it. If it is still in use, it adds itself back the next time it connects.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_devices.py" line="267"/>
        <source>Not decided: gets no messages until you decide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_devices.py" line="268"/>
        <source>Trusted (not verified)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_devices.py" line="269"/>
        <source>Verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_devices.py" line="270"/>
        <source>Distrusted: gets no messages</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OmemoFailure</name>
    <message>
        <location filename="../app/heron/models/omemo_failure_text.py" line="38"/>
        <source>This message was encrypted for a device that is not this one, or with keys this device no longer has, so Heron cannot show it. Ask {sender} to send it again.</source>
        <extracomment>the failure each stored placeholder stands for, as its encryption record&apos;s trust says it</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/models/omemo_failure_text.py" line="42"/>
        <source>Warning: this message came from a device of {sender} that you distrust, so Heron does not show it. If you trust that device again, review it in the chat&apos;s encryption menu.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/models/omemo_failure_text.py" line="46"/>
        <source>Warning: the encryption key of a device of {sender} changed, so Heron does not show this message. Ask {sender} in person whether they reinstalled; then review the device in the chat&apos;s encryption menu and accept its new key.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OmemoKeyChanged</name>
    <message>
        <location filename="../app/heron/ui/omemo_key_changed.py" line="51"/>
        <source>Review devices</source>
        <extracomment>the chat&apos;s row: its object names (row, text, button) and colours</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_key_changed.py" line="66"/>
        <source>The encryption key of a device of {name} changed. Its messages are not shown, and it gets none, until you accept the new key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_key_changed.py" line="78"/>
        <source>Key changed: this device now shows another key than the one above. Its messages are not shown until you accept the new key. Ask its owner in person whether they reinstalled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_key_changed.py" line="82"/>
        <source>Accept new key…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_key_changed.py" line="92"/>
        <source>Accept the new key of device {id}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_key_changed.py" line="94"/>
        <source>Only if its owner told you they reinstalled. The new key is trusted, not verified: compare its fingerprint to verify it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_key_changed.py" line="96"/>
        <source>Accept</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OmemoLock</name>
    <message>
        <location filename="../app/heron/ui/omemo_lock.py" line="110"/>
        <source>Encrypted: only you and this contact can read these messages (OMEMO). Click to turn encryption off for this chat.</source>
        <extracomment>the open chat&apos;s encryption records changed: placeholders may read differently</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_lock.py" line="112"/>
        <source>Encryption on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_lock.py" line="114"/>
        <source>Not encrypted: your server and theirs can read these messages. Click to encrypt this chat with OMEMO.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_lock.py" line="116"/>
        <source>Encryption off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_lock.py" line="134"/>
        <source>Turn encryption off?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_lock.py" line="135"/>
        <source>Your next messages in this chat are sent unencrypted: your server and your contact&apos;s can read them. You can turn it back on with the lock.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_lock.py" line="138"/>
        <source>Turn encryption off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_lock.py" line="189"/>
        <source>Encrypted, but not for this device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_lock.py" line="191"/>
        <source>Encrypted by a device whose key changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_lock.py" line="193"/>
        <source>legacy OMEMO</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_lock.py" line="196"/>
        <source>Encrypted with {version}, device {device}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_failures.py" line="80"/>
        <source>Encrypted with {version}, from device {device}, which is no longer in {sender}&apos;s device list</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OmemoNewDevices</name>
    <message>
        <location filename="../app/heron/ui/omemo_new_devices.py" line="36"/>
        <source>Review devices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_new_devices.py" line="43"/>
        <source>Encryption keys…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_new_devices.py" line="66"/>
        <source>{name} has a new device that you have not verified. Messages are not encrypted for it until you decide.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OmemoPlainLink</name>
    <message>
        <location filename="../app/heron/ui/omemo_plain_link.py" line="43"/>
        <source>This link was sent without encryption; anyone on the path may have read it. Heron did not open it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_plain_link.py" line="126"/>
        <source>Download anyway…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_plain_link.py" line="133"/>
        <source>Download this file?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_plain_link.py" line="134"/>
        <source>The link and its key were sent without encryption: anyone on the path may have read or replaced the file. Download it only if you expected it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_plain_link.py" line="137"/>
        <source>Download</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OmemoProfile</name>
    <message>
        <location filename="../app/heron/ui/omemo_profile.py" line="22"/>
        <source>Encryption keys…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_profile.py" line="26"/>
        <source>Encryption keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_profile.py" line="27"/>
        <source>See and verify the devices this contact uses for encrypted messages (OMEMO).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OmemoRoomLock</name>
    <message>
        <location filename="../app/heron/ui/omemo_room_lock.py" line="16"/>
        <source>Not encrypted: anyone can join this room, so messages cannot be encrypted to everyone who reads them. Only members-only, non-anonymous rooms can be encrypted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_room_lock.py" line="19"/>
        <location filename="../app/heron/ui/omemo_room_lock.py" line="24"/>
        <source>Encryption not possible here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_room_lock.py" line="21"/>
        <source>Not encrypted: this room hides its members&apos; addresses, so their devices cannot be found. Only members-only, non-anonymous rooms can be encrypted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_room_lock.py" line="26"/>
        <source>Not encrypted: Heron is still learning what this room allows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_room_lock.py" line="28"/>
        <location filename="../app/heron/ui/omemo_room_lock.py" line="35"/>
        <source>Encryption off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_room_lock.py" line="30"/>
        <source>Encrypted: only the members of this room can read these messages (OMEMO). Click to turn encryption off for this room.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_room_lock.py" line="32"/>
        <source>Encryption on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_room_lock.py" line="33"/>
        <source>Not encrypted: the room&apos;s server can read these messages. Click to encrypt this room with OMEMO.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <location filename="../app/heron/ui/password_dialog.py" line="23"/>
        <source>Password needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/password_dialog.py" line="29"/>
        <source>Sign in to {account}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/password_dialog.py" line="33"/>
        <source>No secure system keyring (such as Secret Service) is available, so Heron keeps your password in memory until you quit and asks again at the next start, unless you store it in a file below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/password_dialog.py" line="38"/>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/password_dialog.py" line="45"/>
        <source>Connect</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PasswordFileChoice</name>
    <message>
        <location filename="../app/heron/ui/password_choice.py" line="26"/>
        <source>Store the password in a file only you can read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/password_choice.py" line="29"/>
        <source>Use this only when your desktop has no keyring (such as GNOME Keyring or KWallet). The password is saved unencrypted in a file in your Heron profile that only your user account may read. Any program you run, anyone who can log in as you or as an administrator, and any backup of your home folder can read it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Presence</name>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="48"/>
        <source>Available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="49"/>
        <source>Free for chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="50"/>
        <source>Away</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="51"/>
        <source>Not available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="52"/>
        <source>Do not disturb</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProblemReports</name>
    <message>
        <location filename="../app/heron/ui/problems.py" line="66"/>
        <source>{account}: messages cannot be saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/problems.py" line="68"/>
        <source>Messages cannot be saved</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Profile</name>
    <message>
        <location filename="../app/heron/ui/profile_dialogs.py" line="42"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/profile_dialogs.py" line="43"/>
        <source>Nickname</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/profile_dialogs.py" line="44"/>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/profile_dialogs.py" line="45"/>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/profile_dialogs.py" line="46"/>
        <source>Organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/profile_dialogs.py" line="47"/>
        <source>Website</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/profile_dialogs.py" line="48"/>
        <source>Birthday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/profile_dialogs.py" line="49"/>
        <source>About</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProfileDialog</name>
    <message>
        <location filename="../app/heron/ui/profile_dialogs.py" line="102"/>
        <source>Profile of {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/profile_dialogs.py" line="120"/>
        <source>Reading the profile…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/profile_dialogs.py" line="124"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/profile_dialogs.py" line="136"/>
        <source>Connect the account to read the profile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/profile_dialogs.py" line="156"/>
        <source>No profile published.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QualityBars</name>
    <message>
        <location filename="../app/heron/ui/call_controls.py" line="142"/>
        <source>Good connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_controls.py" line="142"/>
        <source>Fair connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_controls.py" line="143"/>
        <source>Poor connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_controls.py" line="143"/>
        <source>Measuring connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_controls.py" line="146"/>
        <source>Round trip: %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_controls.py" line="148"/>
        <source>Packet loss: %1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/call_controls.py" line="151"/>
        <source>Receiving: %1 kbit/s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReactionPicker</name>
    <message>
        <location filename="../app/heron/ui/reaction_picker.py" line="33"/>
        <source>Pick a reaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/reaction_picker.py" line="40"/>
        <source>Search emoji</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/reaction_picker.py" line="41"/>
        <source>Search emoji…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/reaction_picker.py" line="48"/>
        <source>Emoji</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RemoveAccountDialog</name>
    <message>
        <location filename="../app/heron/ui/account_remove_dialog.py" line="20"/>
        <source>Remove account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/account_remove_dialog.py" line="25"/>
        <source>Remove {account}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/account_remove_dialog.py" line="28"/>
        <source>Heron signs out and forgets this account and its saved password. The account itself stays on the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/account_remove_dialog.py" line="30"/>
        <source>Also delete its message history on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/account_remove_dialog.py" line="34"/>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RemoveMessageDialog</name>
    <message>
        <location filename="../app/heron/ui/room_moderation.py" line="42"/>
        <source>Remove this message?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_moderation.py" line="43"/>
        <source>It is removed for everyone in the room, also from the room&apos;s history. Everyone sees that a moderator removed a message of {nick}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_moderation.py" line="45"/>
        <source>yours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_moderation.py" line="46"/>
        <source>Remove message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_moderation.py" line="50"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_moderation.py" line="51"/>
        <source>Reason (optional, everyone sees it)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RichActions</name>
    <message>
        <location filename="../app/heron/ui/reply_actions.py" line="65"/>
        <source>Cancel (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/reply_actions.py" line="78"/>
        <source>yourself</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/reply_actions.py" line="84"/>
        <source>Replying to {name}: {text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/reply_actions.py" line="105"/>
        <source>This account is not connected: the reaction was not sent.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RoomAdminActions</name>
    <message>
        <location filename="../app/heron/ui/room_admin.py" line="196"/>
        <source>Change the subject…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_admin.py" line="197"/>
        <source>Room settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_admin.py" line="198"/>
        <source>Owners, admins and members…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_admin.py" line="200"/>
        <source>Destroy room…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_admin.py" line="329"/>
        <source>Give voice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_admin.py" line="331"/>
        <source>Take voice away</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_admin.py" line="333"/>
        <source>Make moderator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_admin.py" line="335"/>
        <source>Remove moderator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_admin.py" line="337"/>
        <source>Kick…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_admin.py" line="339"/>
        <source>Ban…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_admin.py" line="363"/>
        <source>Ban {nick}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_admin.py" line="364"/>
        <source>{jid} will be put out of the room and cannot come back until unbanned.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_admin.py" line="365"/>
        <source>Ban</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_admin.py" line="367"/>
        <source>Kick {nick}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_admin.py" line="368"/>
        <source>{nick} will be put out of the room; they can come back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_admin.py" line="369"/>
        <source>Kick</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_admin.py" line="373"/>
        <source>Reason (optional, they see it)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RoomBrowser</name>
    <message>
        <location filename="../app/heron/ui/room_browser.py" line="59"/>
        <location filename="../app/heron/ui/room_browser.py" line="60"/>
        <source>Browse rooms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_browser.py" line="81"/>
        <source>Group chat service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_browser.py" line="82"/>
        <source>conference.example.org</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_browser.py" line="84"/>
        <source>List rooms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_browser.py" line="87"/>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_browser.py" line="93"/>
        <source>Search rooms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_browser.py" line="94"/>
        <source>Search by name, address or description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_browser.py" line="118"/>
        <source>Rooms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_browser.py" line="136"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_browser.py" line="149"/>
        <location filename="../app/heron/ui/room_browser.py" line="278"/>
        <source>Choose a room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_browser.py" line="167"/>
        <location filename="../app/heron/ui/room_browser.py" line="174"/>
        <source>Nickname</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_browser.py" line="171"/>
        <source>Room password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_browser.py" line="173"/>
        <location filename="../app/heron/ui/room_browser.py" line="298"/>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_browser.py" line="181"/>
        <location filename="../app/heron/ui/room_browser.py" line="328"/>
        <source>Join</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_browser.py" line="203"/>
        <source>Looking for group chat services…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_browser.py" line="210"/>
        <source>Your server has no group chat service; type the address of another one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_browser.py" line="221"/>
        <source>Listing rooms…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_browser.py" line="226"/>
        <source>Listing rooms… {n} so far</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_browser.py" line="241"/>
        <source>Showing the first {n} rooms of {service}; search to narrow them down.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_browser.py" line="244"/>
        <source>{n} rooms on {service}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_browser.py" line="245"/>
        <source>1 room on {service}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_browser.py" line="247"/>
        <source>{service} lists no public rooms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_browser.py" line="293"/>
        <source>Loading details…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_browser.py" line="296"/>
        <source>{n} people</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_browser.py" line="297"/>
        <source>1 person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_browser.py" line="299"/>
        <source>Members only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_browser.py" line="300"/>
        <source>Moderated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_browser.py" line="301"/>
        <source>History kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_browser.py" line="302"/>
        <source>Hidden</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_browser.py" line="315"/>
        <source>Choose a nickname first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_browser.py" line="318"/>
        <source>Joining rooms is not available for this account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_browser.py" line="321"/>
        <source>Joining…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_browser.py" line="349"/>
        <source>Go online to browse group chat rooms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_browser.py" line="363"/>
        <source>Browse rooms…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RoomConfigDialog</name>
    <message>
        <location filename="../app/heron/ui/room_config.py" line="46"/>
        <source>Room settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_config.py" line="55"/>
        <source>Asking the room for its settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_config.py" line="59"/>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_config.py" line="63"/>
        <location filename="../app/heron/ui/room_config.py" line="123"/>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_config.py" line="75"/>
        <location filename="../app/heron/ui/room_config.py" line="107"/>
        <source>This account is not connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_config.py" line="111"/>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RoomLink</name>
    <message>
        <location filename="../app/heron/ui/room_link.py" line="110"/>
        <source>Go online to join {room}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RoomMenu</name>
    <message>
        <location filename="../app/heron/ui/room_menu.py" line="25"/>
        <source>Open room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_menu.py" line="26"/>
        <source>Mute notifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_menu.py" line="31"/>
        <source>Notify for every message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_menu.py" line="38"/>
        <source>Leave room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_menu.py" line="47"/>
        <source>{account} is not connected: the room cannot be left now.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RoomPrivate</name>
    <message>
        <location filename="../app/heron/ui/room_private.py" line="31"/>
        <source>{nick} (in {room})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_private.py" line="56"/>
        <source>Send private message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RoomView</name>
    <message>
        <location filename="../app/heron/ui/room_pane.py" line="40"/>
        <source>People</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_pane.py" line="41"/>
        <location filename="../app/heron/ui/room_pane.py" line="42"/>
        <source>Show or hide the people in this room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_pane.py" line="119"/>
        <source>You are not in this room right now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_pane.py" line="142"/>
        <source>You are not in this room.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_invites.py" line="169"/>
        <source>Invite…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_invites.py" line="170"/>
        <location filename="../app/heron/ui/room_invites.py" line="171"/>
        <source>Invite someone to this room</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Roster</name>
    <message>
        <location filename="../app/heron/models/roster.py" line="111"/>
        <source>Requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/models/room_rows.py" line="27"/>
        <source>Rooms</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SearchHitDelegate</name>
    <message>
        <location filename="../app/heron/ui/search_view.py" line="130"/>
        <source>You</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SearchView</name>
    <message>
        <location filename="../app/heron/ui/search_view.py" line="64"/>
        <source>Search all messages (Ctrl+Shift+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/search_view.py" line="65"/>
        <location filename="../app/heron/ui/search_view.py" line="174"/>
        <location filename="../app/heron/ui/search_view.py" line="175"/>
        <source>Search messages</source>
        <extracomment>the user picked a hit: account, peer, message row id</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/search_view.py" line="182"/>
        <source>Search all messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/search_view.py" line="183"/>
        <source>Words, &quot;a phrase&quot;, pre*, from:bob, after:2024-05-01, before:…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/search_view.py" line="193"/>
        <source>Search results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/search_view.py" line="233"/>
        <source>Not understood: {what} (dates are written 2024-05-31)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/search_view.py" line="236"/>
        <source>Type to search every conversation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/search_view.py" line="238"/>
        <source>No messages found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/search_view.py" line="240"/>
        <source>More than {n} messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/search_view.py" line="241"/>
        <source>{n} messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/search_view.py" line="241"/>
        <source>1 message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="92"/>
        <source>Your presence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="97"/>
        <source>Status message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="98"/>
        <source>Set a status message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="102"/>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="118"/>
        <source>Filter contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="119"/>
        <source>Search contacts  (Ctrl+K)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="128"/>
        <source>Contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="154"/>
        <source>+  Add contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="162"/>
        <source>Menu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="166"/>
        <source>Add contact…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="169"/>
        <source>Add account…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="170"/>
        <source>Join room…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="173"/>
        <source>Create room…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="175"/>
        <source>Go offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="176"/>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="181"/>
        <source>Accounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="183"/>
        <source>Appearance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="185"/>
        <source>Files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="187"/>
        <source>Calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="189"/>
        <source>Blocked contacts…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="191"/>
        <source>My profile…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="253"/>
        <source>Open chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="255"/>
        <source>Add to contacts…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="256"/>
        <location filename="../app/heron/ui/sidebar.py" line="266"/>
        <source>Block…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="259"/>
        <source>View profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="260"/>
        <source>Rename or regroup…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="261"/>
        <source>Mute notifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="268"/>
        <source>Remove contact…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="284"/>
        <location filename="../app/heron/ui/sidebar.py" line="315"/>
        <location filename="../app/heron/ui/sidebar.py" line="333"/>
        <source>Add an account first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="303"/>
        <source>This account is not connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="357"/>
        <source>Remove {name}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="358"/>
        <source>{jid} leaves your contact list and no longer sees your presence. Your messages with them stay on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="360"/>
        <source>Remove contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="371"/>
        <source>No contact matches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="373"/>
        <source>No account yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/sidebar.py" line="375"/>
        <source>No contacts yet.
Add one with “Add contact” below.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SidebarChats</name>
    <message>
        <location filename="../app/heron/ui/chat_sidebar.py" line="42"/>
        <location filename="../app/heron/ui/chat_sidebar.py" line="87"/>
        <source>No chats yet.
Pick a contact to start one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/chat_sidebar.py" line="76"/>
        <source>Search chats  (Ctrl+K)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/chat_sidebar.py" line="77"/>
        <source>Search contacts  (Ctrl+K)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/chat_sidebar.py" line="78"/>
        <source>Filter chats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/chat_sidebar.py" line="79"/>
        <source>Filter contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/chat_sidebar.py" line="86"/>
        <source>No chat matches</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <location filename="../app/heron/ui/status.py" line="32"/>
        <source>No account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/status.py" line="34"/>
        <source>Connection status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/status.py" line="40"/>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/status.py" line="44"/>
        <source>Retry now</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SubjectDialog</name>
    <message>
        <location filename="../app/heron/ui/room_admin.py" line="49"/>
        <source>Change the subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_admin.py" line="57"/>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/room_admin.py" line="62"/>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message>
        <location filename="../app/heron/ui/tray.py" line="90"/>
        <location filename="../app/heron/ui/tray.py" line="142"/>
        <source>Show Heron</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/tray.py" line="101"/>
        <source>Notifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/tray.py" line="102"/>
        <source>Sounds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/tray.py" line="103"/>
        <source>Keep running when closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/tray.py" line="106"/>
        <source>Quit Heron</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/tray.py" line="139"/>
        <source>Heron — {count} unread</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/tray.py" line="141"/>
        <source>Hide Heron</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VouchedLabel</name>
    <message>
        <location filename="../app/heron/ui/omemo_vouched.py" line="22"/>
        <source>Verified by your device {id} (automatically)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_vouched.py" line="24"/>
        <source>Verified by {jid}&apos;s device {id} (automatically)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/omemo_vouched.py" line="28"/>
        <source>You had verified the key of that device; it told Heron that it verified this key (automatic trust management). Choose Verify or Distrust to decide yourself.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
