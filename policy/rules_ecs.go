package policy

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// ECS cluster, task definition and service rules.
var ecsRules = []Rule{
	{
		ID: "VPCL-ECS-CONTAINER-INSIGHTS", Row: 19,
		Sources:  []string{"AwsSolutions-ECS4", "CKV_AWS_65", "ECS.12"},
		Title:    "ECS clusters have Container Insights on",
		Severity: Mandatory, ResourceTypes: []string{tCluster},
		check: checkContainerInsights,
	},
	{
		ID: "VPCL-ECS-LOGGING", Row: 20,
		Sources:  []string{"AwsSolutions-ECS7", "ECS.9"},
		Title:    "every container of a task definition has a log configuration",
		Severity: Mandatory, ResourceTypes: []string{tTaskDef},
		check: checkContainerLogging,
	},
	{
		ID: "VPCL-ECS-PLAIN-SECRETS", Row: 21,
		Sources:  []string{"AwsSolutions-ECS2", "ECS.8"},
		Title:    "no secret-looking variable (PASSWORD, SECRET, TOKEN, API_KEY, ...) in a container's plain environment; secrets go in secrets",
		Severity: Mandatory, ResourceTypes: []string{tTaskDef},
		check: checkPlainSecrets,
	},
	{
		ID: "VPCL-ECS-READONLY-ROOT", Row: 22, devAdvisory: true,
		Sources:       []string{"CKV_AWS_336", "ECS.5"},
		Title:         "containers have a read-only root filesystem",
		Severity:      Mandatory,
		EnvDependent:  "Mandatory in prod, advisory in dev, where images that write to their root filesystem may run as they are.",
		ResourceTypes: []string{tTaskDef},
		check:         checkReadonlyRoot,
	},
	{
		ID: "VPCL-ECS-PRIVILEGED", Row: 23,
		Sources:  []string{"CKV_AWS_334", "ECS.4"},
		Title:    "containers are not privileged",
		Severity: Mandatory, ResourceTypes: []string{tTaskDef},
		check: checkPrivileged,
	},
	{
		ID: "VPCL-ECS-PUBLIC-IP", Row: 24,
		Sources:  []string{"CKV_AWS_333", "ECS.2"},
		Title:    "ECS services do not give tasks a public IP",
		Severity: Mandatory, ResourceTypes: []string{tService},
		check: checkPublicIP,
	},
	{
		ID: "VPCL-ECS-SEPARATE-ROLES", Row: 25,
		Sources:  []string{"CKV_AWS_249"},
		Title:    "a task definition's task role differs from its execution role",
		Severity: Mandatory, ResourceTypes: []string{tTaskDef},
		check: checkSeparateRoles,
	},
	{
		ID: "VPCL-ECS-PLATFORM-VERSION", Row: 32,
		Sources:  []string{"ECS.10"},
		Title:    "Fargate services run platform version LATEST",
		Severity: Mandatory, ResourceTypes: []string{tService},
		check: checkPlatformVersion,
	},
	{
		ID: "VPCL-ECS-CIRCUIT-BREAKER", Row: 33,
		Sources:  []string{"aws-facts E2"},
		Title:    "ECS services have the deployment circuit breaker on, with rollback",
		Severity: Mandatory, ResourceTypes: []string{tService},
		check: checkCircuitBreaker,
	},
	{
		ID:       "VPCL-ECS-GRACE-PERIOD",
		Sources:  []string{"aws-facts E3"},
		Title:    "a health-check grace period is set only on ECS services with load balancers",
		Severity: Mandatory, ResourceTypes: []string{tService},
		check: checkGracePeriod,
	},
}

func checkContainerInsights(c *checker) {
	for _, cl := range c.ofType(tCluster) {
		settings := get(cl.Inputs, "settings")
		if cl.Inputs == nil || opaque(settings) {
			continue
		}
		on := false
		for _, s := range list(settings) {
			if get(s, "name") == "containerInsights" {
				v := strings.ToLower(upper(get(s, "value")))
				on = on || v == "enabled" || v == "enhanced" || opaque(get(s, "value"))
			}
		}
		if !on {
			c.fail(cl, "ECS cluster %s has Container Insights off (settings containerInsights enabled)", cl.Name)
		}
	}
}

// containers returns the container definitions of a task definition (a JSON string), with their
// names. It reports false when they cannot be read: unknown in a preview, or secret.
func containers(td *Resource) ([]map[string]any, bool) {
	var defs []map[string]any
	if !parseJSON(get(td.Inputs, "containerDefinitions"), &defs) {
		return nil, false
	}
	return defs, true
}

func containerName(def map[string]any) string {
	if s, ok := str(def["name"]); ok && s != "" {
		return s
	}
	return "(unnamed)"
}

func checkContainerLogging(c *checker) {
	for _, td := range c.ofType(tTaskDef) {
		defs, ok := containers(td)
		if !ok {
			continue
		}
		for _, d := range defs {
			if blank(get(d, "logConfiguration", "logDriver")) {
				c.fail(td, "container %s of task definition %s has no log configuration: its output is lost", containerName(d), td.Name)
			}
		}
	}
}

// secretName matches variable names that hold credentials by convention.
var secretName = regexp.MustCompile(`PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL`)

func checkPlainSecrets(c *checker) {
	for _, td := range c.ofType(tTaskDef) {
		defs, ok := containers(td)
		if !ok {
			continue
		}
		for _, d := range defs {
			var bad []string
			for _, e := range list(d["environment"]) {
				if n, ok := str(get(e, "name")); ok && secretName.MatchString(strings.ToUpper(n)) {
					bad = append(bad, n)
				}
			}
			if len(bad) > 0 {
				slices.Sort(bad)
				c.fail(td, "container %s of task definition %s has %s in its plain environment, readable by anyone who can describe the task definition; pass them as secrets (SSM or Secrets Manager ARNs)",
					containerName(d), td.Name, strings.Join(bad, ", "))
			}
		}
	}
}

func checkReadonlyRoot(c *checker) {
	for _, td := range c.ofType(tTaskDef) {
		defs, ok := containers(td)
		if !ok {
			continue
		}
		for _, d := range defs {
			if d["readonlyRootFilesystem"] != true {
				c.fail(td, "container %s of task definition %s has a writable root filesystem (readonlyRootFilesystem)", containerName(d), td.Name)
			}
		}
	}
}

func checkPrivileged(c *checker) {
	for _, td := range c.ofType(tTaskDef) {
		defs, _ := containers(td)
		for _, d := range defs {
			if d["privileged"] == true {
				c.fail(td, "container %s of task definition %s is privileged: root on the host", containerName(d), td.Name)
			}
		}
	}
}

func checkPublicIP(c *checker) {
	for _, s := range c.ofType(tService) {
		if get(s.Inputs, "networkConfiguration", "assignPublicIp") == true {
			c.fail(s, "ECS service %s gives its tasks public IPs (assignPublicIp)", s.Name)
		}
	}
}

func checkSeparateRoles(c *checker) {
	for _, td := range c.ofType(tTaskDef) {
		task, exec := get(td.Inputs, "taskRoleArn"), get(td.Inputs, "executionRoleArn")
		ts, tok := str(task)
		es, eok := str(exec)
		same := tok && eok && ts != "" && ts == es
		if !tok || !eok {
			// Not known yet: the same single role behind both means they will be equal.
			tdeps, edeps := td.PropertyDependencies["taskRoleArn"], td.PropertyDependencies["executionRoleArn"]
			same = len(tdeps) == 1 && slices.Equal(tdeps, edeps)
		}
		if same {
			c.fail(td, "task definition %s uses one role as task role and execution role: the application gets ECS's permissions (image pulls, secrets)", td.Name)
		}
	}
}

// fargate reports whether a service runs on Fargate: launch type FARGATE, or a FARGATE capacity
// provider strategy.
func fargate(s *Resource) bool {
	if upper(get(s.Inputs, "launchType")) == "FARGATE" {
		return true
	}
	for _, p := range list(get(s.Inputs, "capacityProviderStrategies")) {
		if strings.HasPrefix(upper(get(p, "capacityProvider")), "FARGATE") {
			return true
		}
	}
	return false
}

func checkPlatformVersion(c *checker) {
	for _, s := range c.ofType(tService) {
		v := get(s.Inputs, "platformVersion")
		if !fargate(s) || opaque(v) || blank(v) || upper(v) == "LATEST" {
			continue
		}
		c.fail(s, "Fargate service %s pins platform version %v; LATEST gets the platform's security fixes", s.Name, v)
	}
}

func checkCircuitBreaker(c *checker) {
	for _, s := range c.ofType(tService) {
		if s.Inputs == nil {
			continue
		}
		if t := upper(get(s.Inputs, "deploymentController", "type")); t != "" && t != "ECS" {
			continue // CODE_DEPLOY and EXTERNAL deployments roll back their own way
		}
		cb := get(s.Inputs, "deploymentCircuitBreaker")
		if opaque(cb) {
			continue
		}
		var missing []string
		for _, k := range []string{"enable", "rollback"} {
			if v := get(cb, k); !opaque(v) && v != true {
				missing = append(missing, k)
			}
		}
		if len(missing) > 0 {
			c.fail(s, "ECS service %s does not set deploymentCircuitBreaker %s: a deployment whose tasks keep failing retries forever instead of rolling back (aws-facts E2)",
				s.Name, strings.Join(missing, " and "))
		}
	}
}

func checkGracePeriod(c *checker) {
	for _, s := range c.ofType(tService) {
		g, ok := num(get(s.Inputs, "healthCheckGracePeriodSeconds"))
		if !ok || g == 0 {
			continue
		}
		if lbs := get(s.Inputs, "loadBalancers"); !opaque(lbs) && blank(lbs) {
			c.fail(s, "ECS service %s sets healthCheckGracePeriodSeconds %s without a load balancer; ECS refuses it with InvalidParameterException (aws-facts E3)",
				s.Name, fmt.Sprint(g))
		}
	}
}
