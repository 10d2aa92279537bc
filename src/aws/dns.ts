/**
 * `x-route53` zones and `x-acm` certificates. Zones are never looked up: a zone's id is the one the
 * file gives, or a root-stack parameter (`HostedZone<Id>Id`, type AWS::Route53::HostedZone::Id) set
 * at deploy time; only ECS ComposeX's `x-dns.PublicZone` without `Use` creates one, in the root. Certificates composex creates are in one
 * nested stack (`CertificatesStack`), validated by DNS: CloudFormation writes the validation
 * records in the zone each name's `DomainValidationOptions` gives
 * (AWS::CertificateManager::Certificate), so the stack completes once ACM has issued them.
 */
import { CfnParameter, NestedStack, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import type { CertificateModel, HostedZoneModel, ZoneRef } from '../resolve/model';
import { exportValue, importString, setStackLogicalId } from './stack-io';

/** The id of each `x-route53` zone, valid in the root (a literal or a root parameter). */
export function hostedZoneIds(root: Stack, zones: readonly HostedZoneModel[]): Map<string, string> {
  const ids = new Map<string, string>();
  for (const zone of zones) {
    if (zone.zoneId) {
      ids.set(zone.name, zone.zoneId);
      continue;
    }
    if (zone.create) {
      // x-dns.PublicZone without Use (ECS ComposeX created it). Retained: the registrar's delegation
      // names this zone's name servers, and a replacement zone would get other ones.
      const created = new route53.CfnHostedZone(root, `HostedZone${zone.logicalId}`, {
        name: zone.zoneName,
        hostedZoneConfig: { comment: `composex: public zone ${zone.zoneName} (x-dns.PublicZone)` },
      });
      created.overrideLogicalId(`HostedZone${zone.logicalId}`);
      created.applyRemovalPolicy(RemovalPolicy.RETAIN);
      ids.set(zone.name, created.attrId);
      continue;
    }
    const id = `HostedZone${zone.logicalId}Id`;
    const parameter = new CfnParameter(root, id, { type: 'AWS::Route53::HostedZone::Id', description: `Id of the existing Route 53 hosted zone ${zone.zoneName} (x-route53 ${zone.name})` });
    parameter.overrideLogicalId(id);
    ids.set(zone.name, parameter.valueAsString);
  }
  return ids;
}

/** The parameter name a stack imports a zone's id under. */
export function zoneParameterName(zone: ZoneRef, zones: readonly HostedZoneModel[]): string {
  if (zone.kind === 'id') return zone.id;
  return `HostedZone${zones.find((z) => z.name === zone.name)!.logicalId}Id`;
}

export interface CertificatesStackProps {
  readonly certificates: readonly CertificateModel[];
  readonly zones: readonly HostedZoneModel[];
  /** Zone ids valid in the root, by x-route53 name. */
  readonly zoneIds: ReadonlyMap<string, string>;
}

export class CertificatesStack extends NestedStack {
  private readonly certificates = new Map<string, { resource: acm.CfnCertificate; id: string }>();

  constructor(scope: Construct, id: string, props: CertificatesStackProps) {
    super(scope, id, { description: 'composex: ACM certificates (x-acm), validated by DNS' });
    setStackLogicalId(this, 'CertificatesStack');
    const root = Stack.of(scope);
    const zoneId = (zone: ZoneRef): string =>
      zone.kind === 'id'
        ? zone.id
        : Token.isUnresolved(props.zoneIds.get(zone.name)!)
          ? importString(this, zoneParameterName(zone, props.zones), props.zoneIds.get(zone.name)!, root)
          : props.zoneIds.get(zone.name)!;
    for (const cert of props.certificates) {
      const resource = new acm.CfnCertificate(this, `Certificate${cert.logicalId}`, {
        domainName: cert.domainName,
        ...(cert.alternativeNames.length > 0 ? { subjectAlternativeNames: [...cert.alternativeNames] } : {}),
        validationMethod: 'DNS',
        ...(cert.validation.some((v) => v.zone)
          ? { domainValidationOptions: cert.validation.filter((v) => v.zone).map((v) => ({ domainName: v.domainName, hostedZoneId: zoneId(v.zone!) })) }
          : {}),
      });
      this.certificates.set(cert.name, { resource, id: `Certificate${cert.logicalId}` });
    }
  }

  /** The ARN of a certificate, valid in the root, and its name (`Certificate<Id>Arn`, unique per certificate). */
  certificateArn(name: string): { name: string; value: string } {
    const cert = this.certificates.get(name);
    if (!cert) throw new Error(`internal: no x-acm certificate '${name}'`);
    return { name: `${cert.id}Arn`, value: exportValue(this, `${cert.id}Arn`, cert.resource.ref) };
  }
}
