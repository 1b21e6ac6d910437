package policy_test

import (
	"testing"

	"github.com/vpclink/vpclink/policy"
)

// editContainer replaces the task definition's container definitions with the baseline container
// changed by edit.
func editContainer(t *testing.T, f *fixture, edit func(c map[string]any)) {
	f.set(t, tTaskDef, "api", "containerDefinitions", containerDefs(edit))
}

func TestVPCL_ECS_CONTAINER_INSIGHTS(t *testing.T) {
	testRule(t, "VPCL-ECS-CONTAINER-INSIGHTS", []mutation{
		{"disabled", "", func(t *testing.T, f *fixture) {
			f.set(t, tCluster, "cluster", "settings", arr(obj("name", "containerInsights", "value", "disabled")))
		}, []want{{tCluster, "cluster", M, "Container Insights off"}}},
		{"noSettings", "", func(t *testing.T, f *fixture) { f.del(t, tCluster, "cluster", "settings") },
			[]want{{tCluster, "cluster", M, "Container Insights off"}}},
		{"enhancedPasses", "", func(t *testing.T, f *fixture) {
			f.set(t, tCluster, "cluster", "settings", arr(obj("name", "containerInsights", "value", "enhanced")))
		}, nil},
	})
}

func TestVPCL_ECS_LOGGING(t *testing.T) {
	testRule(t, "VPCL-ECS-LOGGING", []mutation{
		{"noLogConfiguration", "", func(t *testing.T, f *fixture) {
			editContainer(t, f, func(c map[string]any) { delete(c, "logConfiguration") })
		}, []want{{tTaskDef, "api", M, "container api of task definition api has no log configuration"}}},
		{"noDriver", "", func(t *testing.T, f *fixture) {
			editContainer(t, f, func(c map[string]any) { c["logConfiguration"] = obj("options", obj()) })
		}, []want{{tTaskDef, "api", M, "no log configuration"}}},
		{"unknownDefinitionsPass", "", func(t *testing.T, f *fixture) {
			f.set(t, tTaskDef, "api", "containerDefinitions", policy.Unknown{})
		}, nil},
	})
}

func TestVPCL_ECS_PLAIN_SECRETS(t *testing.T) {
	withEnv := func(names ...string) func(t *testing.T, f *fixture) {
		return func(t *testing.T, f *fixture) {
			editContainer(t, f, func(c map[string]any) {
				var env []any
				for _, n := range names {
					env = append(env, obj("name", n, "value", "x"))
				}
				c["environment"] = env
			})
		}
	}
	testRule(t, "VPCL-ECS-PLAIN-SECRETS", []mutation{
		{"password", "", withEnv("DB_PASSWORD"), []want{{tTaskDef, "api", M, "DB_PASSWORD"}}},
		{"secret", "", withEnv("client_secret"), []want{{tTaskDef, "api", M, "client_secret"}}},
		{"token", "", withEnv("GITHUB_TOKEN", "PORT"), []want{{tTaskDef, "api", M, "GITHUB_TOKEN in its plain environment"}}},
		{"apiKey", "", withEnv("STRIPE_API_KEY", "APIKEY"), []want{{tTaskDef, "api", M, "APIKEY, STRIPE_API_KEY"}}},
		{"plainConfigPasses", "", withEnv("LOG_LEVEL", "PORT", "JWT_ISSUER"), nil},
	})
}

func TestVPCL_ECS_READONLY_ROOT(t *testing.T) {
	writable := func(t *testing.T, f *fixture) {
		editContainer(t, f, func(c map[string]any) { delete(c, "readonlyRootFilesystem") })
	}
	testRule(t, "VPCL-ECS-READONLY-ROOT", []mutation{
		{"writableProd", "prod", writable, []want{{tTaskDef, "api", M, "mandatory because vpclink:environment is prod"}}},
		{"writableDev", "dev", writable, []want{{tTaskDef, "api", A, "advisory because vpclink:environment is dev"}}},
		{"falseProd", "", func(t *testing.T, f *fixture) {
			editContainer(t, f, func(c map[string]any) { c["readonlyRootFilesystem"] = false })
		}, []want{{tTaskDef, "api", M, "writable root filesystem"}}},
	})
}

func TestVPCL_ECS_PRIVILEGED(t *testing.T) {
	testRule(t, "VPCL-ECS-PRIVILEGED", []mutation{
		{"privileged", "", func(t *testing.T, f *fixture) {
			editContainer(t, f, func(c map[string]any) { c["privileged"] = true })
		}, []want{{tTaskDef, "api", M, "is privileged"}}},
		{"explicitlyUnprivilegedPasses", "", func(t *testing.T, f *fixture) {
			editContainer(t, f, func(c map[string]any) { c["privileged"] = false })
		}, nil},
	})
}

func TestVPCL_ECS_PUBLIC_IP(t *testing.T) {
	testRule(t, "VPCL-ECS-PUBLIC-IP", []mutation{
		{"publicIp", "", func(t *testing.T, f *fixture) { f.set(t, tService, "api", "networkConfiguration.assignPublicIp", true) },
			[]want{{tService, "api", M, "public IPs"}}},
		{"unsetPasses", "", func(t *testing.T, f *fixture) { f.del(t, tService, "api", "networkConfiguration.assignPublicIp") }, nil},
	})
}

func TestVPCL_ECS_SEPARATE_ROLES(t *testing.T) {
	testRule(t, "VPCL-ECS-SEPARATE-ROLES", []mutation{
		{"sameArn", "", func(t *testing.T, f *fixture) {
			f.set(t, tTaskDef, "api", "taskRoleArn", "arn:aws:iam::123456789012:role/api-execution")
		}, []want{{tTaskDef, "api", M, "one role as task role and execution role"}}},
		{"sameRoleInPreview", "", func(t *testing.T, f *fixture) {
			r := f.res(t, tTaskDef, "api")
			r.Inputs["taskRoleArn"], r.Inputs["executionRoleArn"] = policy.Unknown{}, policy.Unknown{}
			r.PropertyDependencies["taskRoleArn"] = []string{urn(tRole, "api-execution")}
		}, []want{{tTaskDef, "api", M, "one role"}}},
		{"noTaskRolePasses", "", func(t *testing.T, f *fixture) { f.del(t, tTaskDef, "api", "taskRoleArn") }, nil},
	})
}

func TestVPCL_ECS_PLATFORM_VERSION(t *testing.T) {
	testRule(t, "VPCL-ECS-PLATFORM-VERSION", []mutation{
		{"pinned", "", func(t *testing.T, f *fixture) { f.set(t, tService, "api", "platformVersion", "1.3.0") },
			[]want{{tService, "api", M, "pins platform version 1.3.0"}}},
		{"pinnedOnCapacityProvider", "", func(t *testing.T, f *fixture) {
			f.del(t, tService, "api", "launchType")
			f.set(t, tService, "api", "capacityProviderStrategies", arr(obj("capacityProvider", "FARGATE_SPOT", "weight", 1.0)))
			f.set(t, tService, "api", "platformVersion", "1.3.0")
		}, []want{{tService, "api", M, "Fargate service api"}}},
		{"unsetPasses", "", func(t *testing.T, f *fixture) { f.del(t, tService, "api", "platformVersion") }, nil},
		{"ec2Ignored", "", func(t *testing.T, f *fixture) {
			f.set(t, tService, "api", "launchType", "EC2")
			f.set(t, tService, "api", "platformVersion", "1.3.0")
		}, nil},
	})
}

func TestVPCL_ECS_CIRCUIT_BREAKER(t *testing.T) {
	testRule(t, "VPCL-ECS-CIRCUIT-BREAKER", []mutation{
		{"none", "", func(t *testing.T, f *fixture) { f.del(t, tService, "api", "deploymentCircuitBreaker") },
			[]want{{tService, "api", M, "enable and rollback"}}},
		{"noRollback", "", func(t *testing.T, f *fixture) { f.set(t, tService, "api", "deploymentCircuitBreaker.rollback", false) },
			[]want{{tService, "api", M, "deploymentCircuitBreaker rollback"}}},
		{"codeDeployIgnored", "", func(t *testing.T, f *fixture) {
			f.set(t, tService, "api", "deploymentController.type", "CODE_DEPLOY")
			f.del(t, tService, "api", "deploymentCircuitBreaker")
		}, nil},
	})
}

func TestVPCL_ECS_GRACE_PERIOD(t *testing.T) {
	testRule(t, "VPCL-ECS-GRACE-PERIOD", []mutation{
		{"withoutLoadBalancer", "", func(t *testing.T, f *fixture) { f.del(t, tService, "api", "loadBalancers") },
			[]want{{tService, "api", M, "InvalidParameterException"}}},
		{"emptyLoadBalancers", "", func(t *testing.T, f *fixture) { f.set(t, tService, "api", "loadBalancers", arr()) },
			[]want{{tService, "api", M, "aws-facts E3"}}},
		{"zeroPasses", "", func(t *testing.T, f *fixture) {
			f.del(t, tService, "api", "loadBalancers")
			f.set(t, tService, "api", "healthCheckGracePeriodSeconds", 0.0)
		}, nil},
	})
}
