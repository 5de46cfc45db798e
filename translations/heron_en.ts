<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AccountDialog</name>
    <message>
        <location filename="../app/heron/ui/dialogs.py" line="68"/>
        <location filename="../app/heron/ui/dialogs.py" line="69"/>
        <source>Add account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/dialogs.py" line="74"/>
        <source>Add an XMPP account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/dialogs.py" line="77"/>
        <source>Sign in with your address (like alice@example.org), or create a new account on a server that allows it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/dialogs.py" line="84"/>
        <location filename="../app/heron/ui/dialogs.py" line="92"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/dialogs.py" line="88"/>
        <location filename="../app/heron/ui/dialogs.py" line="93"/>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/dialogs.py" line="90"/>
        <source>Create this account on the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/dialogs.py" line="95"/>
        <source>Connect to a specific host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/dialogs.py" line="100"/>
        <location filename="../app/heron/ui/dialogs.py" line="115"/>
        <source>Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/dialogs.py" line="101"/>
        <source>from DNS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/dialogs.py" line="104"/>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/dialogs.py" line="106"/>
        <source>default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/dialogs.py" line="107"/>
        <source>Direct TLS (XEP-0368)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/dialogs.py" line="121"/>
        <location filename="../app/heron/ui/dialogs.py" line="125"/>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/dialogs.py" line="125"/>
        <source>Create account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/dialogs.py" line="143"/>
        <source>Enter an address like alice@example.org.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/dialogs.py" line="146"/>
        <source>Enter the password.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CertificateDialog</name>
    <message>
        <location filename="../app/heron/ui/dialogs.py" line="220"/>
        <source>Untrusted certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/dialogs.py" line="225"/>
        <source>The server&apos;s certificate has CHANGED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/dialogs.py" line="226"/>
        <source>Heron could not verify this server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/dialogs.py" line="229"/>
        <source>The certificate presented by {host} for {account} is not trusted: {reason}

Only continue if you checked that this fingerprint is the server&apos;s, for example with its administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/dialogs.py" line="234"/>
        <location filename="../app/heron/ui/dialogs.py" line="235"/>
        <source>SHA-256 fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/dialogs.py" line="237"/>
        <source>Trust this certificate</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContactDialog</name>
    <message>
        <location filename="../app/heron/ui/dialogs.py" line="169"/>
        <source>Edit contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/dialogs.py" line="169"/>
        <source>Add contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/dialogs.py" line="178"/>
        <location filename="../app/heron/ui/dialogs.py" line="188"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/dialogs.py" line="183"/>
        <location filename="../app/heron/ui/dialogs.py" line="189"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/dialogs.py" line="186"/>
        <location filename="../app/heron/ui/dialogs.py" line="190"/>
        <source>Groups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/dialogs.py" line="187"/>
        <source>Friends, Work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/dialogs.py" line="195"/>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/dialogs.py" line="195"/>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/dialogs.py" line="202"/>
        <source>Enter an address like bob@example.org.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="119"/>
        <source>Heron main window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="145"/>
        <source>No account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="147"/>
        <source>Connection status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="169"/>
        <source>Menu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="173"/>
        <source>Add contact…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="176"/>
        <source>Add account…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="178"/>
        <location filename="../app/heron/ui/main_window.py" line="340"/>
        <source>Go offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="180"/>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="192"/>
        <source>Your presence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="197"/>
        <source>Status message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="198"/>
        <source>Set a status message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="210"/>
        <source>Filter contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="211"/>
        <source>Search contacts  (Ctrl+K)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="219"/>
        <source>Contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="231"/>
        <source>＋  Add contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="242"/>
        <source>Select a contact to start chatting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="263"/>
        <source>Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="283"/>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="284"/>
        <source>Write a message…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="288"/>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="341"/>
        <source>Go online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="343"/>
        <source>{account}: authentication failed. Check the password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="361"/>
        <source>{jid} wants to see your presence and chat with you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="362"/>
        <source>Deny</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="363"/>
        <source>Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="373"/>
        <source>{name} is typing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="462"/>
        <source>This account is not connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="520"/>
        <source>Open chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="521"/>
        <source>Rename or regroup…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="523"/>
        <source>Remove contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="528"/>
        <source>Add an account first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/heron/ui/main_window.py" line="571"/>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dialog</name>
    <message>
        <location filename="../app/heron/ui/dialogs.py" line="38"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
