/**
 * The services and x-elbv2 load balancers the x-wafv2_webacl tests protect (resolve and templates):
 * two application load balancers (`public`, `other`) in front of `web`, and a network load balancer
 * (`nlb`) in front of `tcp`, which AWS WAF cannot protect.
 */
export const WAF_LOAD_BALANCERS = `services:
  web: {image: web, ports: ["8080"]}
  tcp: {image: tcp, ports: ["9000"]}
x-elbv2:
  public:
    Properties: {Scheme: internet-facing}
    Listeners: [{Port: 80, Protocol: HTTP, Targets: [{name: "web:web:8080"}]}]
    Services: {"web:web:8080": {port: 8080}}
  other:
    Listeners: [{Port: 80, Protocol: HTTP, Targets: [{name: "web:web:8080"}]}]
    Services: {"web:web:8080": {port: 8080}}
  nlb:
    Properties: {Type: network}
    Listeners: [{Port: 9000, Protocol: TCP, Targets: [{name: "tcp:tcp:9000"}]}]
    Services: {"tcp:tcp:9000": {port: 9000, protocol: TCP}}
`;
