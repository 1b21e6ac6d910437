package stacks

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/vpclink/vpclink/components"
)

// The components validate their own args (components.ArgsError); config validation runs first and
// refuses, by config key, everything the components would. When a component still refuses
// something, atKey says which config key to change, so a user never has to translate a component
// field back into stack config.

// keyMap turns a component's field path into the config key (without namespace) it came from.
type keyMap func(field string) string

// atKey returns err unchanged unless it holds a *components.ArgsError; that becomes a
// *ValidationError whose problems name config keys, and which still unwraps to the ArgsError.
func atKey(err error, m keyMap) error {
	var ae *components.ArgsError
	if err == nil || !errors.As(err, &ae) {
		return err
	}
	ve := &ValidationError{cause: ae}
	for _, p := range ae.Problems {
		msg := p.String()
		if p.Field != "" {
			msg = strings.TrimPrefix(strings.TrimPrefix(msg, p.Field), " ")
			msg = strings.TrimPrefix(msg, ": ")
		}
		ve.Problems = append(ve.Problems, Problem{Key: key("%s", m(p.Field)), Message: msg + " (" + components.ShortType(ae.Type) + " " + strconv.Quote(ae.Name) + ")"})
	}
	return ve
}

var routeField = regexp.MustCompile(`^(routes|listeners)\[(\d+)\]\.?(.*)$`)

// under maps every field of a component to base.field, except the routes or listeners (built one
// per service, in cfg.Services order), which map to the service's own keys.
func under(cfg *Config, base string) keyMap {
	return func(f string) string {
		if m := routeField.FindStringSubmatch(f); m != nil {
			i, _ := strconv.Atoi(m[2])
			if i < len(cfg.Services) {
				k := childKey("services", cfg.Services[i].Name)
				switch m[3] {
				case "pathPrefix", "healthCheckPath":
					return k + "." + m[3]
				case "targetPort":
					return k + ".port"
				case "port":
					return k + ".listenerPort"
				}
				return k
			}
		}
		if f == "tags" {
			return f
		}
		if t, ok := strings.CutPrefix(f, "tags."); ok {
			return childKey("tags", t)
		}
		if f == "" {
			return base
		}
		return base + "." + f
	}
}

// renamed maps the fields whose config key differs, and the rest as under does.
func renamed(cfg *Config, base string, names map[string]string) keyMap {
	inner := under(cfg, base)
	return func(f string) string {
		for from, to := range names {
			if f == from || strings.HasPrefix(f, from+".") || strings.HasPrefix(f, from+"[") {
				return to + strings.TrimPrefix(f, from)
			}
		}
		return inner(f)
	}
}

// serviceList maps a CloudMap's services[i] to the service's key.
func serviceList(cfg *Config) keyMap {
	return func(f string) string {
		var i int
		if _, err := fmt.Sscanf(f, "services[%d]", &i); err == nil && i < len(cfg.Services) {
			return childKey("services", cfg.Services[i].Name)
		}
		return under(cfg, "services")(f)
	}
}

// subnetsKey is where the private subnets a component got come from: the existing VPC's list, or
// the zone count of a created one.
func subnetsKey(cfg *Config) string {
	if cfg.Network.Existing != nil {
		return "network.existing.privateSubnetIds"
	}
	return "network.availabilityZones"
}
