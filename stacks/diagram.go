package stacks

import (
	"fmt"
	"strings"
)

// Diagram renders the data path of one frontend as a mermaid flowchart: client, API, link, what the
// link reaches (load balancer or Cloud Map) and the services.
func Diagram(cfg *Config, f FrontendConfig) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	w("flowchart LR")
	stage := f.StageName
	switch f.Variant {
	case PrivateRest:
		w(`  client(["Client in the VPC"]) -->|"HTTPS 443"| vpce["execute-api VPC endpoint<br/>private DNS %s"]`, onOff(cfg.PrivateDns()))
		w(`  vpce --> api["Private REST API %s<br/>stage %s, auth %s"]`, f.Name, stage, f.Authorization)
		w(`  api --> link["VPC link (V1)"]`)
	case RestNlb:
		w(`  client(["Client"]) -->|HTTPS| api["REST API %s (regional)<br/>stage %s, auth %s"]`, f.Name, stage, f.Authorization)
		w(`  api --> link["VPC link (V1)"]`)
	default:
		w(`  client(["Client"]) -->|HTTPS| api["HTTP API %s<br/>stage %s, auth %s"]`, f.Name, stage, f.Authorization)
		w(`  api --> link["VPC link (V2)<br/>private subnets + link SG"]`)
	}
	w(`  subgraph vpc["VPC %s"]`, vpcLabel(cfg))
	w(`    link`)
	switch f.Variant {
	case HttpAlb:
		w(`    link --> lb["Internal ALB :%d"]`, albPort(cfg))
		for _, s := range cfg.Services {
			w(`    lb -->|"%s/*"| svc_%s["Fargate %s :%d<br/>x%d"]`, s.PathPrefix, mermaidID(s.Name), s.Name, s.Port, *s.DesiredCount)
		}
	case HttpCloudMap:
		w(`    link --> cm[("Cloud Map %s<br/>SRV records")]`, namespaceFor(cfg))
		for _, s := range cfg.Services {
			w(`    cm -->|"%s/*"| svc_%s["Fargate %s :%d<br/>x%d"]`, s.PathPrefix, mermaidID(s.Name), s.Name, s.Port, *s.DesiredCount)
		}
	default:
		w(`    link --> lb["Internal NLB"]`)
		for _, s := range cfg.Services {
			w(`    lb -->|"%s :%d"| svc_%s["Fargate %s :%d<br/>x%d"]`, s.PathPrefix, s.ListenerPort, mermaidID(s.Name), s.Name, s.Port, *s.DesiredCount)
		}
	}
	w(`  end`)
	return b.String()
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func vpcLabel(cfg *Config) string {
	if e := cfg.Network.Existing; e != nil {
		return e.VpcId + " " + e.Cidr
	}
	return cfg.Network.Cidr
}

func albPort(cfg *Config) int {
	if cfg.LoadBalancers.CertificateArn != "" {
		return 443
	}
	return 80
}

func mermaidID(s string) string { return strings.ReplaceAll(s, "-", "_") }
