package stacks

import "os"

// processExists reports whether a process pid exists: on Windows, FindProcess opens the process
// and fails when there is none. (The provider plugin, which imports this package, is built for
// Windows; the lock commands themselves are not used there.)
func processExists(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	_ = p.Release()
	return true
}
