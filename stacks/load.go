package stacks

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/diag"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag/colors"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
)

// Override is one config value set for a single run, in `pulumi config set --path` syntax:
// Key "vpclink:frontends[0].variant", Value "rest-nlb". A Value that is valid JSON is used as
// JSON (so `vpclink:frontends=[{"variant":"private-rest"}]` sets a list), anything else as a
// string. Secret values are encrypted in the stack's config and state, and masked in plans.
type Override struct {
	Key    string
	Value  string
	Secret bool
}

// ParseOverride reads KEY=VALUE. The key is kept as written: a key without a namespace
// ("network.cidr") is in the project's namespace, which every entry point (Open, plan.Run,
// LoadStackConfig) adds when it applies the override, the same for a struct literal
// Override{Key: "network.cidr"}.
func ParseOverride(s string) (Override, error) {
	k, v, ok := strings.Cut(s, "=")
	if !ok || strings.TrimSpace(k) == "" {
		return Override{}, fmt.Errorf("config override %q is not KEY=VALUE (e.g. frontends[0].variant=rest-nlb)", s)
	}
	return Override{Key: strings.TrimSpace(k), Value: v}, nil
}

// normalizeOverrides puts keys without a namespace into ns, the way `pulumi config set` does.
// The namespace ends at the first colon before any path (tags["aws:x"] has none).
func normalizeOverrides(ns string, overrides []Override) []Override {
	out := make([]Override, len(overrides))
	for i, o := range overrides {
		o.Key = strings.TrimSpace(o.Key)
		if first := strings.FieldsFunc(o.Key, func(r rune) bool { return r == '.' || r == '[' }); len(first) == 0 || !strings.Contains(first[0], ":") {
			o.Key = ns + ":" + o.Key
		}
		out[i] = o
	}
	return out
}

// FindProjectDir returns the nearest directory at or above start that holds Pulumi.yaml.
func FindProjectDir(start string) (string, error) {
	dir, err := filepath.Abs(start)
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "Pulumi.yaml")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no Pulumi.yaml in %s or any directory above it; run in your Pulumi project's directory or name it (Options.ProjectDir, plan.Options.ProjectDir)", start)
		}
		dir = parent
	}
}

// projectStack is a project, one of its stack files, and that stack's config after overrides.
type projectStack struct {
	dir       string
	project   *workspace.Project
	stack     string
	stackFile string
	ps        *workspace.ProjectStack
	secret    map[string]bool // keys set by secret overrides
}

// loadProjectStack reads dir/Pulumi.yaml and dir/Pulumi.<stack>.yaml. A stack without a file is
// refused with a *ValidationError naming the stacks that have one, unless allowNew: then it starts
// empty (Pulumi.yaml's defaults), as a stack `pulumi stack init` just made.
func loadProjectStack(dir, stack string, allowNew bool) (*projectStack, error) {
	proj, err := workspace.LoadProject(filepath.Join(dir, "Pulumi.yaml"))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", filepath.Join(dir, "Pulumi.yaml"), err)
	}
	path := filepath.Join(dir, "Pulumi."+stack+".yaml")
	p := &projectStack{dir: dir, project: proj, stack: stack, stackFile: path, secret: map[string]bool{}}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) && allowNew {
		p.ps = &workspace.ProjectStack{Config: config.Map{}}
		return p, nil
	} else if errors.Is(err, os.ErrNotExist) {
		// Pulumi.<stack>.yaml is the one source of a stack's values: without it the config would
		// be the project defaults alone, and the first complaint would be a missing aws:region.
		var ps problems
		ps.add("--stack", "there is no %s in %s; the stacks are: %s (one Pulumi.<stack>.yaml each)",
			filepath.Base(path), dir, strings.Join(StackNames(dir), ", "))
		return nil, ps.err()
	}
	sink := diag.DefaultSink(io.Discard, io.Discard, diag.FormatOptions{Color: colors.Never})
	if p.ps, err = workspace.LoadProjectStack(sink, proj, path); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if p.ps.Config == nil {
		p.ps.Config = config.Map{}
	}
	return p, nil
}

// apply sets overrides in the stack's in-memory config. A path into a key the stack file does not
// set starts from the project default, so `vpclink:frontends[0].variant=rest-nlb` changes the
// default frontend instead of creating a list with only that field.
// A bad override is reported like any other config problem, as a *ValidationError.
func (p *projectStack) apply(overrides []Override) error {
	var ps problems
	for _, o := range normalizeOverrides(p.namespace(), overrides) {
		if err := p.applyOne(o); err != nil {
			ps.add(o.Key, "cannot apply override %q: %v", o.Value, err)
		}
	}
	return ps.err()
}

func (p *projectStack) applyOne(o Override) error {
	// The namespace ends at the first colon; later colons belong to the path (tags["aws:x"]).
	ns, name, ok := strings.Cut(o.Key, ":")
	if !ok || ns == "" || strings.ContainsAny(ns, ".[") {
		return fmt.Errorf("keys look like network.cidr or %s:network.cidr", p.namespace())
	}
	k := config.MustMakeKey(ns, name)
	path, err := resource.ParsePropertyPath(name)
	if err != nil || len(path) == 0 {
		return fmt.Errorf("not a valid key path")
	}
	top, ok := path[0].(string)
	if !ok {
		return fmt.Errorf("must start with a key name")
	}
	topKey := config.MustMakeKey(k.Namespace(), top)
	if _, set := p.ps.Config[topKey]; !set && len(path) > 1 {
		if v, ok := p.projectDefault(topKey); ok {
			p.ps.Config[topKey] = v
		}
	}
	if err := p.ps.Config.Set(k, typedValue(o.Value), true); err != nil {
		return err
	}
	if o.Secret {
		p.secret[topKey.String()] = true
	}
	return nil
}

// typedValue turns an override's text into a config value: JSON objects and lists stay structured,
// JSON scalars keep their type, anything else is a string.
func typedValue(text string) config.Value {
	v, err := parseJSON(text)
	if err != nil {
		return config.NewTypedValue(text, config.TypeString)
	}
	switch v := v.(type) {
	case map[string]any, []any:
		return config.NewObjectValue(text)
	case bool:
		return config.NewTypedValue(text, config.TypeBool)
	case json.Number:
		if strings.ContainsAny(text, ".eE") {
			return config.NewTypedValue(strings.TrimSpace(text), config.TypeFloat)
		}
		return config.NewTypedValue(strings.TrimSpace(text), config.TypeInt)
	case string:
		return config.NewTypedValue(v, config.TypeString)
	default: // null
		return config.NewTypedValue(text, config.TypeString)
	}
}

// namespace is the namespace of vpclink's keys in the project.
func (p *projectStack) namespace() string { return ConfigNamespace(p.project.Name.String()) }

// projectDefault is the default Pulumi.yaml declares for key, as a config value, or for one of
// vpclink's keys that Pulumi.yaml does not declare, the program's default.
func (p *projectStack) projectDefault(key config.Key) (config.Value, bool) {
	if v, ok := p.declaredDefault(key); ok {
		return v, true
	}
	if key.Namespace() != p.namespace() {
		return config.Value{}, false
	}
	d, ok := programDefault(key.Name())
	if !ok {
		return config.Value{}, false
	}
	b, err := json.Marshal(d)
	if err != nil {
		return config.Value{}, false
	}
	return config.NewObjectValue(string(b)), true
}

// declaredDefault is the default Pulumi.yaml declares for key.
func (p *projectStack) declaredDefault(key config.Key) (config.Value, bool) {
	for name, t := range p.project.Config {
		if t.Default == nil {
			continue
		}
		pk, err := config.ParseKey(name)
		if err != nil {
			pk = config.MustMakeKey(p.project.Name.String(), name)
		}
		if pk != key {
			continue
		}
		switch d := t.Default.(type) {
		case map[string]any, []any:
			b, err := json.Marshal(d)
			if err != nil {
				return config.Value{}, false
			}
			return config.NewObjectValue(string(b)), true
		default:
			return config.NewValue(fmt.Sprint(d)), true
		}
	}
	return config.Value{}, false
}

// raw returns the config as the program receives it: namespaced key to text (JSON for objects and
// lists), project defaults filled in for keys the stack does not set. Secure values are decrypted
// with dec.
func (p *projectStack) raw(dec config.Decrypter) (map[string]string, []string, error) {
	out := map[string]string{}
	var secrets []string
	for _, k := range slices.SortedFunc(maps.Keys(p.ps.Config), func(a, b config.Key) int { return strings.Compare(a.String(), b.String()) }) {
		v := p.ps.Config[k]
		text, err := v.Value(dec)
		if err != nil {
			return nil, nil, fmt.Errorf("reading %s: %w", k, err)
		}
		out[k.String()] = text
		if v.Secure() || p.secret[k.String()] {
			secrets = append(secrets, k.String())
		}
	}
	for name := range p.project.Config {
		pk, err := config.ParseKey(name)
		if err != nil {
			pk = config.MustMakeKey(p.project.Name.String(), name)
		}
		if _, ok := out[pk.String()]; ok {
			continue
		}
		if v, ok := p.declaredDefault(pk); ok {
			text, _ := v.Value(config.NopDecrypter)
			out[pk.String()] = text
		}
	}
	return out, secrets, nil
}

// keys are every config key the stack sets, for CheckKeys.
func (p *projectStack) keys() []string {
	var out []string
	for k := range p.ps.Config {
		out = append(out, k.String())
	}
	return out
}

// configFromRaw parses and validates the program's view of the config.
func configFromRaw(project, stack string, raw map[string]string) (*Config, error) {
	return ParseConfig(project, stack, func(k string) (string, bool) {
		v, ok := raw[k]
		return v, ok
	})
}

// resolveProjectDir returns dir, or when it is empty the nearest directory at or above the working
// directory that holds Pulumi.yaml, as an absolute path.
func resolveProjectDir(dir string) (string, error) {
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return "", err
		}
		if dir, err = FindProjectDir(wd); err != nil {
			return "", err
		}
	}
	return filepath.Abs(dir)
}

// Loaded is a stack's config as the program will see it, validated: what the offline plan (package
// plan) runs the program on.
type Loaded struct {
	// Project is the project name of Pulumi.yaml; Stack the stack's name.
	Project, Stack string
	// Config is the validated config.
	Config *Config
	// Raw is the config the program reads, namespaced key to text; secret values are blinded.
	Raw map[string]string
	// Secrets are the keys of Raw whose values are secret.
	Secrets []string
}

// loadStack reads Pulumi.yaml defaults, Pulumi.<stack>.yaml and the overrides, refuses unknown keys
// and secret vpclink values, and validates. It needs no engine and no credentials.
func loadStack(dir, stack string, overrides []Override, allowNew bool) (*Loaded, error) {
	p, err := loadProjectStack(dir, stack, allowNew)
	if err != nil {
		return nil, err
	}
	project := p.project.Name.String()
	// Every problem is reported at once: a bad override does not hide an unknown key in the
	// stack file or an invalid value elsewhere.
	var all problems
	collect := func(err error) error {
		var ve *ValidationError
		if errors.As(err, &ve) {
			for _, pr := range ve.Problems {
				if !slices.Contains(all, pr) {
					all = append(all, pr)
				}
			}
			return nil
		}
		return err
	}
	if err := collect(p.apply(overrides)); err != nil {
		return nil, err
	}
	if err := collect(CheckProjectKeys(project, p.keys())); err != nil {
		return nil, err
	}
	raw, secrets, err := p.raw(config.NewBlindingDecrypter())
	if err != nil {
		return nil, err
	}
	if err := collect(CheckProjectSecrets(project, secrets)); err != nil {
		return nil, err
	}
	cfg, err := configFromRaw(project, stack, raw)
	if err := collect(err); err != nil {
		return nil, err
	}
	if err := all.err(); err != nil {
		return nil, err
	}
	return &Loaded{Project: project, Stack: stack, Config: cfg, Raw: raw, Secrets: secrets}, nil
}

// LoadStackConfig reads a stack's config the way `pulumi up` would see it (Pulumi.yaml defaults,
// Pulumi.<stack>.yaml, then overrides), checks for unknown keys and validates it. It needs no
// engine and no credentials. dir defaults to the project directory around the working directory.
func LoadStackConfig(_ context.Context, dir, stack string, overrides []Override) (*Config, map[string]string, error) {
	dir, err := resolveProjectDir(dir)
	if err != nil {
		return nil, nil, err
	}
	l, err := loadStack(dir, stack, overrides, false)
	if err != nil {
		return nil, nil, err
	}
	return l.Config, l.Raw, nil
}

// Load is LoadStackConfig with the project name and the secret keys: everything the program will
// see. dir defaults to the project directory around the working directory. An invalid config
// returns a *ValidationError.
func Load(_ context.Context, dir, stack string, overrides []Override) (*Loaded, error) {
	dir, err := resolveProjectDir(dir)
	if err != nil {
		return nil, err
	}
	return loadStack(dir, stack, overrides, false)
}

// StackNames are the stacks of the project in dir: one per Pulumi.<stack>.yaml, sorted.
func StackNames(dir string) []string {
	files, _ := filepath.Glob(filepath.Join(dir, "Pulumi.*.yaml"))
	var out []string
	for _, f := range files {
		out = append(out, strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "Pulumi."), ".yaml"))
	}
	slices.Sort(out)
	return out
}
