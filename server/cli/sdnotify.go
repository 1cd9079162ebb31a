package cli

import (
	"net"
	"os"
)

// sdNotify sends state (READY=1, STOPPING=1, STATUS=…) to the service
// manager over $NOTIFY_SOCKET, the datagram socket systemd gives a
// Type=notify service (sd_notify(3)); it does nothing without one. A
// leading "@" names an abstract socket.
func sdNotify(state string) error {
	name := os.Getenv("NOTIFY_SOCKET")
	if name == "" {
		return nil
	}
	if name[0] == '@' {
		name = "\x00" + name[1:]
	}
	conn, err := net.DialUnix("unixgram", nil, &net.UnixAddr{Name: name, Net: "unixgram"})
	if err != nil {
		return err
	}
	defer conn.Close()
	_, err = conn.Write([]byte(state))
	return err
}
