// vpclink's private-API architecture in one resource, from TypeScript: the dev stack's defaults
// plus a second service and a private REST API next to the HTTP API.
import * as pulumi from "@pulumi/pulumi";
import * as vpclink from "@vpclink/vpclink";

const config = new pulumi.Config();

const stack = new vpclink.Vpclink("vpclink", {
    environment: "dev",
    network: { cidr: "10.0.0.0/16", availabilityZones: 2, natGateways: "single" },
    services: {
        api: { image: "mendhak/http-https-echo:34", port: 8080, desiredCount: config.getNumber("apiTasks") ?? 1 },
        admin: { image: "mendhak/http-https-echo:34", pathPrefix: "/admin" },
    },
    frontends: [
        { variant: "http-alb" },
        { variant: "private-rest-alb", name: "internal", authorization: "iam" },
    ],
    tags: { team: "edge" },
});

export const vpcId = stack.vpcId;
export const clusterName = stack.clusterName;
export const httpUrl = stack.frontends.apply(f => f["http-alb"].url);
export const internalVpceUrl = stack.frontends.apply(f => f["internal"].vpceUrl);
export const apiTaskRole = stack.services.apply(s => s["api"].taskRoleArn);
