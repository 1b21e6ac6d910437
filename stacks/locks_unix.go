//go:build !windows

package stacks

import "syscall"

// processExists reports whether a process pid exists, by sending it signal 0.
func processExists(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || err == syscall.EPERM
}
