package components

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
)

// ContainerSpec is what the single container of a Fargate service needs;
// RenderContainerDefinitions turns it into the JSON ECS expects.
type ContainerSpec struct {
	Name                   string
	Image                  string
	Port                   int
	Environment            map[string]string
	Secrets                map[string]string
	HealthCheckCommand     []string
	ReadonlyRootFilesystem bool
	LogGroup               string
	Region                 string
}

// The fields below are the ones vpclink sets. Values that equal ECS's own defaults are left out
// (privileged=false, readonlyRootFilesystem=false, empty lists): ECS drops them when it stores the
// task definition, and sending them would show a diff on every preview.
type containerDefinition struct {
	Name                   string           `json:"name"`
	Image                  string           `json:"image"`
	Essential              bool             `json:"essential"`
	ReadonlyRootFilesystem bool             `json:"readonlyRootFilesystem,omitempty"`
	PortMappings           []portMapping    `json:"portMappings"`
	Environment            []nameValue      `json:"environment,omitempty"`
	Secrets                []secretRef      `json:"secrets,omitempty"`
	HealthCheck            *healthCheck     `json:"healthCheck,omitempty"`
	LogConfiguration       logConfiguration `json:"logConfiguration"`
	MountPoints            []mountPoint     `json:"mountPoints,omitempty"`
}

type portMapping struct {
	ContainerPort int    `json:"containerPort"`
	HostPort      int    `json:"hostPort"`
	Protocol      string `json:"protocol"`
	Name          string `json:"name"`
}

type nameValue struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type secretRef struct {
	Name      string `json:"name"`
	ValueFrom string `json:"valueFrom"`
}

type healthCheck struct {
	Command     []string `json:"command"`
	Interval    int      `json:"interval"`
	Timeout     int      `json:"timeout"`
	Retries     int      `json:"retries"`
	StartPeriod int      `json:"startPeriod"`
}

type logConfiguration struct {
	LogDriver string            `json:"logDriver"`
	Options   map[string]string `json:"options"`
}

type mountPoint struct {
	SourceVolume  string `json:"sourceVolume"`
	ContainerPath string `json:"containerPath"`
	ReadOnly      bool   `json:"readOnly"`
}

// tmpVolume is the task volume mounted at /tmp when the root filesystem is read-only, since most
// runtimes need somewhere to write temporary files. On Fargate this bind mount is owned by root
// with mode 0755 unless the image declares VOLUME /tmp, in which case it takes the contents, owner
// and mode of the image's /tmp; no task definition field sets them (Amazon ECS developer guide,
// bind-mounts, "Considerations"; containers-roadmap 938 and 863; aws-facts E12). So it is writable
// for root images and for images that declare it, and the plan says so for every service.
const tmpVolume = "tmp"

// RenderContainerDefinitions renders the container definitions JSON of a one-container task:
// environment and secrets sorted by name (so the JSON, and with it the task definition, only
// changes when the config does), secrets as valueFrom references resolved by ECS at start (never
// plain values: AwsSolutions-ECS2), logs to CloudWatch through awslogs (AwsSolutions-ECS7), and the
// host port equal to the container port as awsvpc networking requires.
func RenderContainerDefinitions(c ContainerSpec) string {
	def := containerDefinition{
		Name:                   c.Name,
		Image:                  c.Image,
		Essential:              true,
		ReadonlyRootFilesystem: c.ReadonlyRootFilesystem,
		PortMappings:           []portMapping{{ContainerPort: c.Port, HostPort: c.Port, Protocol: "tcp", Name: c.Name}},
		LogConfiguration: logConfiguration{
			LogDriver: "awslogs",
			Options: map[string]string{
				"awslogs-group":         c.LogGroup,
				"awslogs-region":        c.Region,
				"awslogs-stream-prefix": c.Name,
			},
		},
	}
	for _, k := range slices.Sorted(maps.Keys(c.Environment)) {
		def.Environment = append(def.Environment, nameValue{Name: k, Value: c.Environment[k]})
	}
	for _, k := range slices.Sorted(maps.Keys(c.Secrets)) {
		def.Secrets = append(def.Secrets, secretRef{Name: k, ValueFrom: c.Secrets[k]})
	}
	if len(c.HealthCheckCommand) > 0 {
		def.HealthCheck = &healthCheck{Command: c.HealthCheckCommand, Interval: 15, Timeout: 5, Retries: 3, StartPeriod: 30}
	}
	if c.ReadonlyRootFilesystem {
		def.MountPoints = []mountPoint{{SourceVolume: tmpVolume, ContainerPath: "/tmp", ReadOnly: false}}
	}
	b, err := json.Marshal([]containerDefinition{def})
	if err != nil {
		panic(fmt.Sprintf("container definitions cannot fail to marshal: %v", err))
	}
	return string(b)
}

// DefaultHealthCheckCommand probes path on port from inside the container with wget, which
// busybox- and Debian-based images ship. Images without a shell or wget set their own command.
func DefaultHealthCheckCommand(port int, path string) []string {
	return []string{"CMD-SHELL", fmt.Sprintf("wget -q -O /dev/null http://127.0.0.1:%d%s || exit 1", port, path)}
}
