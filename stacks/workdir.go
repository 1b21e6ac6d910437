package stacks

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ErrPluginInstall: a provider plugin could not be installed (no access to its download site or
// the mirror, or a mirror without that version).
var ErrPluginInstall = errors.New("provider plugin install failed")

// workdir returns the directory the Pulumi CLI runs in for a stack of the project in dir. With
// save it is dir itself, so everything the CLI writes (the overrides, a new stack file, the
// encryption salt) lands in Pulumi.<stack>.yaml, as `pulumi config set` would. Otherwise it is a
// new temporary directory with copies of Pulumi.yaml and Pulumi.<stack>.yaml: the project
// directory is only read, and may be read-only. The copy is removed by the returned cleanup.
func workdir(dir, stack string, save bool) (string, func(), error) {
	if save {
		return dir, func() {}, nil
	}
	tmp, err := os.MkdirTemp("", "vpclink-"+stack+"-")
	if err != nil {
		return "", nil, fmt.Errorf("creating the stack's working directory: %w", err)
	}
	cleanup := func() { os.RemoveAll(tmp) }
	for _, name := range []string{"Pulumi.yaml", "Pulumi." + stack + ".yaml"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if errors.Is(err, fs.ErrNotExist) && name != "Pulumi.yaml" {
			continue // a new stack: the CLI creates its file in the copy
		}
		if err == nil {
			err = os.WriteFile(filepath.Join(tmp, name), b, 0o600)
		}
		if err != nil {
			cleanup()
			return "", nil, fmt.Errorf("copying %s to the stack's working directory: %w", name, err)
		}
	}
	return tmp, cleanup, nil
}

// absPaths resolves relative policy-pack paths against the project directory, where the CLI
// used to run them from.
func absPaths(dir string, paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		if p != "" && !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		out[i] = p
	}
	return out
}

// pluginInstallError is one concise line for a failed `pulumi plugin install`: the Automation
// API's error repeats the CLI's output in its message, its stdout and its stderr.
func pluginInstallError(name, version string, err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return wrapAutoError(fmt.Sprintf("installing the %s %s provider plugin", name, version), err)
	}
	return fmt.Errorf("installing the %s %s provider plugin: %w: %s; use a plugin mirror (Options.PluginDownloadURL, or PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES in Options.EnvVars), or install the plugins yourself (`pulumi plugin install resource %s %s`) and set Options.SkipPluginInstall",
		name, version, ErrPluginInstall, conciseCLIError(err.Error()), name, strings.TrimPrefix(version, "v"))
}

// conciseCLIError picks the CLI's own error line out of an Automation API error text.
func conciseCLIError(text string) string {
	var last string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if l, ok := strings.CutPrefix(line, "error: "); ok && l != "" {
			last = l
		}
	}
	if last == "" {
		last, _, _ = strings.Cut(strings.TrimSpace(text), "\n")
	}
	if len(last) > 300 {
		last = last[:300] + "..."
	}
	return last
}
