package stacks

import (
	"maps"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Stack output names. They are a contract: scripts and other stacks read them, so they only ever
// grow. Outputs of pieces a stack does not have are absent, never empty.
const (
	OutVpcId                = "vpcId"
	OutPrivateSubnetIds     = "privateSubnetIds"
	OutClusterName          = "clusterName"
	OutHttpVpcLinkId        = "httpVpcLinkId"
	OutRestVpcLinkId        = "restVpcLinkId"
	OutNlbDnsName           = "nlbDnsName"
	OutAlbDnsName           = "albDnsName"
	OutCloudMapNamespace    = "cloudMapNamespace"
	OutExecuteApiEndpointId = "executeApiEndpointId"
	OutServices             = "services"
	OutFrontends            = "frontends"
)

// Outputs returns the stack outputs of a deployment.
func (d *Deployment) Outputs() pulumi.Map {
	out := pulumi.Map{
		OutVpcId:            d.Network.VpcId,
		OutPrivateSubnetIds: d.Network.PrivateSubnetIds,
		OutClusterName:      d.Cluster.Name,
	}
	if d.HttpLink != nil {
		out[OutHttpVpcLinkId] = d.HttpLink.VpcLinkId
	}
	if d.RestLink != nil {
		out[OutRestVpcLinkId] = d.RestLink.VpcLinkId
	}
	if d.Nlb != nil {
		out[OutNlbDnsName] = d.Nlb.DnsName
	}
	if d.Alb != nil {
		out[OutAlbDnsName] = d.Alb.DnsName
	}
	if d.CloudMap != nil {
		out[OutCloudMapNamespace] = d.CloudMap.NamespaceName
	}
	if d.PrivateEndpoint != nil {
		out[OutExecuteApiEndpointId] = d.PrivateEndpoint.VpcEndpointId
	}
	services := pulumi.Map{}
	for _, name := range slices.Sorted(maps.Keys(d.Services)) {
		s := d.Services[name]
		services[name] = pulumi.Map{
			"serviceName":     s.ServiceName,
			"securityGroupId": s.SecurityGroupId,
			"taskRoleArn":     s.TaskRoleArn,
			"logGroupName":    s.LogGroupName,
		}
	}
	out[OutServices] = services
	frontends := pulumi.Map{}
	for _, f := range d.Config.Frontends {
		m := pulumi.Map{"variant": pulumi.String(string(f.Variant))}
		if api, ok := d.HttpApis[f.Name]; ok {
			m["apiId"] = api.ApiId
			m["url"] = api.InvokeUrl
			m["invokeUrls"] = api.InvokeUrls
		}
		if api, ok := d.RestApis[f.Name]; ok {
			m["apiId"] = api.ApiId
			m["url"] = api.InvokeUrl
			m["invokeUrls"] = api.InvokeUrls
			if f.Variant.IsPrivate() {
				m["vpceUrl"] = api.VpceInvokeUrl.Elem()
			}
		}
		d.frontDoorOutputs(f, m)
		frontends[f.Name] = m
	}
	out[OutFrontends] = frontends
	d.frontDoorStackOutputs(out)
	return out
}

// Export registers the deployment's outputs as stack outputs.
func (d *Deployment) Export(ctx *pulumi.Context) {
	outs := d.Outputs()
	for _, k := range slices.Sorted(maps.Keys(outs)) {
		ctx.Export(k, outs[k])
	}
}
