package plan

import (
	"fmt"
	"strings"

	"github.com/vpclink/vpclink/stacks"
)

// Diagram renders the data path of one frontend as a mermaid flowchart: client, API, link, what the
// link reaches (load balancer or Cloud Map) and the services.
func Diagram(cfg *stacks.Config, f stacks.FrontendConfig) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	w("flowchart LR")
	stage := f.StageName
	link := `api --> link["VPC link (V2)<br/>private subnets + link SG"]`
	if f.UsesV1Link() {
		link = `api --> link["VPC link (V1, legacy)"]`
	}
	rest := fmt.Sprintf("stage %s, auth %s, %s, timeout %d ms", stage, f.Authorization, transferMode(f), f.TimeoutMs)
	switch {
	case f.Variant.IsPrivate():
		w(`  client(["Client in the VPC"]) -->|"HTTPS 443"| vpce["execute-api VPC endpoint<br/>private DNS %s"]`, onOff(cfg.PrivateDns()))
		w(`  vpce --> api["Private REST API %s<br/>%s"]`, f.Name, rest)
		w(`  %s`, link)
	case f.Variant.IsRest():
		w(`  client(["Client"]) -->|HTTPS| api["REST API %s (regional)<br/>%s"]`, f.Name, rest)
		w(`  %s`, link)
	default:
		w(`  client(["Client"]) -->|HTTPS| api["HTTP API %s<br/>stage %s, auth %s"]`, f.Name, stage, f.Authorization)
		w(`  %s`, link)
	}
	w(`  subgraph vpc["VPC %s"]`, vpcLabel(cfg))
	w(`    link`)
	switch {
	case f.Variant.ToAlb():
		target := ""
		if f.Variant.IsRest() {
			target = "<br/>integrationTarget: the ALB"
		}
		w(`    link --> lb["Internal ALB :%d%s"]`, albPort(cfg), target)
		for _, s := range cfg.Services {
			w(`    lb -->|"%s/*"| svc_%s["Fargate %s :%d<br/>x%d"]`, s.PathPrefix, mermaidID(s.Name), s.Name, s.Port, *s.DesiredCount)
		}
	case f.Variant == stacks.HttpCloudMap:
		w(`    link --> cm[("Cloud Map %s<br/>SRV records")]`, cfg.CloudMapNamespace())
		for _, s := range cfg.Services {
			w(`    cm -->|"%s/*"| svc_%s["Fargate %s :%d<br/>x%d"]`, s.PathPrefix, mermaidID(s.Name), s.Name, s.Port, *s.DesiredCount)
		}
	default:
		target := ""
		if f.Variant.IsRest() && !f.UsesV1Link() {
			target = "<br/>integrationTarget: the NLB"
		}
		w(`    link --> lb["Internal NLB%s"]`, target)
		for _, s := range cfg.Services {
			w(`    lb -->|"%s :%d"| svc_%s["Fargate %s :%d<br/>x%d"]`, s.PathPrefix, s.ListenerPort, mermaidID(s.Name), s.Name, s.Port, *s.DesiredCount)
		}
	}
	w(`  end`)
	return withFrontDoor(f, b.String())
}

// transferMode is how a REST frontend's integrations return responses (aws-facts R13).
func transferMode(f stacks.FrontendConfig) string {
	if f.Streaming {
		return "streaming"
	}
	return "buffered"
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func vpcLabel(cfg *stacks.Config) string {
	if e := cfg.Network.Existing; e != nil {
		return e.VpcId + " " + e.Cidr
	}
	return cfg.Network.Cidr
}

func albPort(cfg *stacks.Config) int {
	if cfg.LoadBalancers.CertificateArn != "" {
		return 443
	}
	return 80
}

func mermaidID(s string) string { return strings.ReplaceAll(s, "-", "_") }
