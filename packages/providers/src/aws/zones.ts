/**
 * A load zone of the `aws` provider: where its name points on AWS.
 *
 * @example
 * const zone: AwsZone = { region: "eu-north-1", description: "Stockholm, Sweden (AWS eu-north-1)" };
 */
export interface AwsZone {
  /** The AWS region instances of this zone launch in, e.g. `us-east-1`. */
  region: string;
  /** What `listZones` shows for it. */
  description: string;
}

/**
 * The load zones of k6 Cloud on AWS, under the names k6 Cloud gives them, so that a script's
 * `options.cloud.distribution` written for k6 Cloud means the same here. The provider serves only
 * the zones whose region its config lists; `AwsProviderConfig.zones` adds or renames zones.
 *
 * @example
 * AWS_LOAD_ZONES["amazon:us:ashburn"]?.region; // "us-east-1"
 */
export const AWS_LOAD_ZONES: Readonly<Record<string, AwsZone>> = Object.freeze({
  "amazon:us:ashburn": { region: "us-east-1", description: "Ashburn, US (AWS us-east-1, N. Virginia)" },
  "amazon:us:columbus": { region: "us-east-2", description: "Columbus, US (AWS us-east-2, Ohio)" },
  "amazon:us:palo alto": { region: "us-west-1", description: "Palo Alto, US (AWS us-west-1, N. California)" },
  "amazon:us:portland": { region: "us-west-2", description: "Portland, US (AWS us-west-2, Oregon)" },
  "amazon:ca:montreal": { region: "ca-central-1", description: "Montreal, Canada (AWS ca-central-1)" },
  "amazon:br:sao paulo": { region: "sa-east-1", description: "São Paulo, Brazil (AWS sa-east-1)" },
  "amazon:ie:dublin": { region: "eu-west-1", description: "Dublin, Ireland (AWS eu-west-1)" },
  "amazon:gb:london": { region: "eu-west-2", description: "London, UK (AWS eu-west-2)" },
  "amazon:fr:paris": { region: "eu-west-3", description: "Paris, France (AWS eu-west-3)" },
  "amazon:de:frankfurt": { region: "eu-central-1", description: "Frankfurt, Germany (AWS eu-central-1)" },
  "amazon:it:milan": { region: "eu-south-1", description: "Milan, Italy (AWS eu-south-1)" },
  "amazon:se:stockholm": { region: "eu-north-1", description: "Stockholm, Sweden (AWS eu-north-1)" },
  "amazon:jp:tokyo": { region: "ap-northeast-1", description: "Tokyo, Japan (AWS ap-northeast-1)" },
  "amazon:kr:seoul": { region: "ap-northeast-2", description: "Seoul, South Korea (AWS ap-northeast-2)" },
  "amazon:jp:osaka": { region: "ap-northeast-3", description: "Osaka, Japan (AWS ap-northeast-3)" },
  "amazon:in:mumbai": { region: "ap-south-1", description: "Mumbai, India (AWS ap-south-1)" },
  "amazon:sg:singapore": { region: "ap-southeast-1", description: "Singapore (AWS ap-southeast-1)" },
  "amazon:au:sydney": { region: "ap-southeast-2", description: "Sydney, Australia (AWS ap-southeast-2)" },
  "amazon:cn:hong kong": { region: "ap-east-1", description: "Hong Kong (AWS ap-east-1)" },
  "amazon:bh:bahrain": { region: "me-south-1", description: "Bahrain (AWS me-south-1)" },
  "amazon:za:cape town": { region: "af-south-1", description: "Cape Town, South Africa (AWS af-south-1)" },
});
