package components

import (
	"fmt"
	"strings"
)

// fargateSizes lists, per task CPU value (CPU units, 1024 = 1 vCPU), the memory values (MiB) Fargate
// accepts. Source: AWS Fargate "Task CPU and memory" (task-cpu-memory-error); aws-facts E1.
var fargateSizes = map[int][]int{
	256:   {512, 1024, 2048},
	512:   stepRange(1024, 4096, 1024),
	1024:  stepRange(2048, 8192, 1024),
	2048:  stepRange(4096, 16384, 1024),
	4096:  stepRange(8192, 30720, 1024),
	8192:  stepRange(16384, 61440, 4096),
	16384: stepRange(32768, 122880, 8192),
}

// fargateCPUs is fargateSizes' keys in ascending order, for messages.
var fargateCPUs = []int{256, 512, 1024, 2048, 4096, 8192, 16384}

func stepRange(from, to, step int) []int {
	var out []int
	for v := from; v <= to; v += step {
		out = append(out, v)
	}
	return out
}

// ValidateFargateSize reports whether cpu and memory form a pair Fargate accepts, and if not, which
// values would be accepted.
func ValidateFargateSize(cpu, memory int) error {
	mems, ok := fargateSizes[cpu]
	if !ok {
		return fmt.Errorf("cpu %d is not a Fargate CPU value; allowed: %s", cpu, joinInts(fargateCPUs))
	}
	for _, m := range mems {
		if m == memory {
			return nil
		}
	}
	return fmt.Errorf("memory %d is not allowed with cpu %d; allowed: %s", memory, cpu, describeRange(mems))
}

// describeRange prints a list compactly: "512, 1024, 2048" or "1024 to 4096 in steps of 1024".
func describeRange(v []int) string {
	if len(v) > 3 {
		return fmt.Sprintf("%d to %d in steps of %d", v[0], v[len(v)-1], v[1]-v[0])
	}
	return joinInts(v)
}

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = fmt.Sprint(x)
	}
	return strings.Join(s, ", ")
}
