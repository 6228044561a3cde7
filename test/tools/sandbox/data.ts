// Static word lists for realistic, deterministic seed data.

export const FIRST_NAMES = [
	'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Mateo', 'Sophia', 'Lucas', 'Mia', 'Ethan',
	'Amelia', 'Arjun', 'Priya', 'Chen', 'Yuki', 'Hannah', 'Jonas', 'Lea', 'Carlos', 'Lucia',
	'Fatima', 'Omar', 'Aisha', 'Kwame', 'Zara', 'Ingrid', 'Lars', 'Chloe', 'Hugo', 'Elena',
	'Marco', 'Giulia', 'Sean', 'Niamh', 'Tomasz', 'Anna', 'Diego', 'Sofia', 'Ravi', 'Meera',
];

export const LAST_NAMES = [
	'Smith', 'Johnson', 'Garcia', 'Martinez', 'Brown', 'Nguyen', 'Patel', 'Kim', 'Müller', 'Schmidt',
	'Rossi', 'Dubois', 'Tanaka', 'Sato', 'Kowalski', 'Novak', 'Silva', 'Santos', "O'Brien", 'Murphy',
	'Andersson', 'Hansen', 'Fischer', 'Weber', 'Lopez', 'Hernandez', 'Khan', 'Ali', 'Mensah', 'Okafor',
	'Cohen', 'Levi', 'Ivanova', 'Popescu', 'Horvat', 'Virtanen', 'Costa', 'Moreau', 'Wright', 'Clarke',
];

export const COMPANY_STEMS = [
	'Northwind', 'Bluepeak', 'Ironclad', 'Brightline', 'Quantia', 'Helixa', 'Copperleaf', 'Trellis',
	'Vantage', 'Lumen', 'Solstice', 'Meridian', 'Keystone', 'Driftwood', 'Pinecrest', 'Orbitra',
	'Cobalt', 'Silverline', 'Redwood', 'Nimbus', 'Atlas', 'Foxglove', 'Harbor', 'Zephyr', 'Granite',
	'Evergreen', 'Polaris', 'Sparrow', 'Tidewater', 'Mosaic', 'Fernhill', 'Starling', 'Summit',
	'Oakridge', 'Cascade', 'Ember', 'Juniper', 'Larkspur', 'Willow', 'Aurora',
];

export const COMPANY_SUFFIXES = [
	'Labs', 'Systems', 'Analytics', 'Cloud', 'Software', 'Networks', 'Health', 'Logistics', 'Robotics', 'Media',
];

export const TLDS = ['.com', '.io', '.co', '.ai', '.dev'];

export const FREE_MAIL_DOMAINS = ['gmail.com', 'outlook.com', 'proton.me', 'yahoo.com'];

export const INDUSTRIES: Array<{ category: string; industry: string; bio: string }> = [
	{ category: 'Technology', industry: 'Software Development', bio: 'Builds workflow software for modern teams' },
	{ category: 'Technology', industry: 'IT Services and IT Consulting', bio: 'Cloud migration and managed IT services' },
	{ category: 'Finance', industry: 'Financial Services', bio: 'Payments and treasury tools for mid-market companies' },
	{ category: 'Healthcare', industry: 'Hospitals and Health Care', bio: 'Digital care coordination platform' },
	{ category: 'Retail', industry: 'E-Commerce', bio: 'Direct-to-consumer brand portfolio' },
	{ category: 'Manufacturing', industry: 'Industrial Automation', bio: 'Robotics and sensors for smart factories' },
	{ category: 'Media', industry: 'Online Audio and Video Media', bio: 'Streaming and podcast network' },
	{ category: 'Transportation', industry: 'Logistics and Supply Chain', bio: 'Freight visibility platform' },
	{ category: 'Education', industry: 'E-Learning Providers', bio: 'Online courses for professional upskilling' },
	{ category: 'Marketing', industry: 'Advertising Services', bio: 'Performance marketing agency' },
];

export interface Place {
	city: string;
	region: string;
	region_code: string;
	country: string;
	country_code: string;
	continent: 'Africa' | 'Asia' | 'Europe' | 'North America' | 'Oceania' | 'South America';
	continent_code: 'AF' | 'AS' | 'EU' | 'NA' | 'OC' | 'SA';
}

export const PLACES: Place[] = [
	{ city: 'San Francisco', region: 'California', region_code: 'CA', country: 'United States', country_code: 'US', continent: 'North America', continent_code: 'NA' },
	{ city: 'New York', region: 'New York', region_code: 'NY', country: 'United States', country_code: 'US', continent: 'North America', continent_code: 'NA' },
	{ city: 'Austin', region: 'Texas', region_code: 'TX', country: 'United States', country_code: 'US', continent: 'North America', continent_code: 'NA' },
	{ city: 'Toronto', region: 'Ontario', region_code: 'ON', country: 'Canada', country_code: 'CA', continent: 'North America', continent_code: 'NA' },
	{ city: 'London', region: 'England', region_code: 'ENG', country: 'United Kingdom', country_code: 'GB', continent: 'Europe', continent_code: 'EU' },
	{ city: 'Berlin', region: 'Land Berlin', region_code: 'BE', country: 'Germany', country_code: 'DE', continent: 'Europe', continent_code: 'EU' },
	{ city: 'Paris', region: 'Île-de-France', region_code: 'IDF', country: 'France', country_code: 'FR', continent: 'Europe', continent_code: 'EU' },
	{ city: 'Amsterdam', region: 'North Holland', region_code: 'NH', country: 'Netherlands', country_code: 'NL', continent: 'Europe', continent_code: 'EU' },
	{ city: 'Pune', region: 'Maharashtra', region_code: 'MH', country: 'India', country_code: 'IN', continent: 'Asia', continent_code: 'AS' },
	{ city: 'Bengaluru', region: 'Karnataka', region_code: 'KA', country: 'India', country_code: 'IN', continent: 'Asia', continent_code: 'AS' },
	{ city: 'Tokyo', region: 'Tokyo', region_code: '13', country: 'Japan', country_code: 'JP', continent: 'Asia', continent_code: 'AS' },
	{ city: 'Sydney', region: 'New South Wales', region_code: 'NSW', country: 'Australia', country_code: 'AU', continent: 'Oceania', continent_code: 'OC' },
	{ city: 'São Paulo', region: 'São Paulo', region_code: 'SP', country: 'Brazil', country_code: 'BR', continent: 'South America', continent_code: 'SA' },
	{ city: 'Lagos', region: 'Lagos', region_code: 'LA', country: 'Nigeria', country_code: 'NG', continent: 'Africa', continent_code: 'AF' },
];

export const SOURCES: Array<{ source: string; medium: string }> = [
	{ source: 'Google', medium: 'organic' },
	{ source: 'Google', medium: 'cpc' },
	{ source: 'Bing', medium: 'organic' },
	{ source: 'LinkedIn', medium: 'social' },
	{ source: 'Twitter', medium: 'social' },
	{ source: 'Direct', medium: 'none' },
	{ source: 'Newsletter', medium: 'email' },
	{ source: 'G2', medium: 'referral' },
	{ source: 'Capterra', medium: 'referral' },
];

export const BROWSERS = ['Chrome 120.0.6099', 'Chrome 124.0.6367', 'Firefox 125.0', 'Safari 17.4', 'Edge 123.0.2420'];
export const DEVICES: Array<{ device: string; os: string[] }> = [
	{ device: 'Desktop', os: ['macOS 14.1', 'Windows 10', 'Windows 11', 'Ubuntu 22.04'] },
	{ device: 'PC', os: ['Mac OS X 10.15.7', 'Windows 10'] },
	{ device: 'Mobile', os: ['iOS 17.4', 'Android 14'] },
	{ device: 'Tablet', os: ['iPadOS 17.4', 'Android 13'] },
];

export const SITE = 'https://www.acme-analytics.io';
export const PAGES: Array<{ path: string; title: string; form?: boolean }> = [
	{ path: '/', title: 'Acme Analytics - Customer analytics for B2B' },
	{ path: '/pricing/', title: 'Pricing - Acme Analytics' },
	{ path: '/features/', title: 'Features - Acme Analytics' },
	{ path: '/integrations/', title: 'Integrations - Acme Analytics' },
	{ path: '/blog/b2b-attribution-guide/', title: 'The B2B attribution guide - Acme Analytics' },
	{ path: '/blog/intent-data/', title: 'What is intent data? - Acme Analytics' },
	{ path: '/customers/', title: 'Customer stories - Acme Analytics' },
	{ path: '/docs/getting-started/', title: 'Getting started - Acme Analytics Docs' },
	{ path: '/contact/', title: 'Contact Form', form: true },
	{ path: '/demo/', title: 'Book a demo - Acme Analytics', form: true },
	{ path: '/signup/', title: 'Start your free trial - Acme Analytics', form: true },
];

export const REFERRERS = [
	'https://google.com/search',
	'https://www.bing.com/search',
	'https://www.linkedin.com/feed/',
	'https://t.co/',
	'https://www.g2.com/products/acme-analytics/reviews',
];

export const CAMPAIGNS = ['enterprise_leads', 'pricing_campaign', 'q3_webinar', 'retargeting', 'brand'];

export const EMAIL_SUBJECTS = [
	'Welcome to Acme Analytics - Getting Started Guide',
	'Your Free Trial is Expiring Soon',
	'5 ways to improve your B2B attribution',
	'Webinar invite: Intent data in practice',
	'Your monthly product update',
	'Quick question about your analytics stack',
	'Case study: how Northwind doubled pipeline',
];

export const CUSTOM_ACTIVITIES: Array<{ category: string; label: string; identifier: string }> = [
	{ category: 'product_interaction', label: 'demo_video_watched', identifier: 'Product Demo - Homepage' },
	{ category: 'product_interaction', label: 'trial_started', identifier: 'Free trial' },
	{ category: 'product_interaction', label: 'feature_used', identifier: 'Report builder' },
	{ category: 'sales_call', label: 'discovery_call', identifier: 'Discovery call with AE' },
	{ category: 'sales_call', label: 'demo_meeting', identifier: 'Live demo' },
	{ category: 'content', label: 'ebook_downloaded', identifier: 'B2B Attribution Playbook' },
	{ category: 'content', label: 'webinar_attended', identifier: 'Intent data webinar' },
	{ category: 'billing', label: 'pricing_calculator_used', identifier: 'Pricing calculator' },
];

export const TAGS = ['enterprise_prospect', 'high_intent', 'technical_buyer', 'hot-lead', 'newsletter', 'partner', 'competitor', 'churn_risk'];

export const SEGMENT_NAMES = [
	'Enterprise Prospects', 'High Value Prospects', 'Technical Decision Makers', 'Pricing Page Visitors',
	'Trial Users', 'Webinar Attendees', 'Returning Visitors', 'EMEA Accounts', 'North America Accounts',
	'Demo Requested', 'Content Readers', 'Dormant Leads', 'Partner Referrals', 'Product Qualified Leads',
];

export const JOB_TITLES = [
	'Head of Marketing', 'VP of Sales', 'Growth Marketer', 'Senior Software Engineer', 'CTO', 'Founder & CEO',
	'Marketing Operations Manager', 'Revenue Operations Lead', 'Account Executive', 'Product Manager',
];

export const PLAN_INTERESTS = ['starter', 'growth', 'enterprise'];
export const BUDGET_RANGES = ['0-10000', '10000-25000', '25000-50000', '50000-100000'];
export const LEAD_SOURCES = ['Google Ads', 'LinkedIn Ads', 'Organic', 'Referral', 'Event'];

export const slug = (s: string) => s.toLowerCase().normalize('NFD').replace(/[^a-z0-9]+/g, '');

export function flag(cc: string): { emoji_flag: string; emoji_unicode: string } {
	const points = cc.split('').map((c) => 0x1f1e6 + c.charCodeAt(0) - 65);
	return {
		emoji_flag: String.fromCodePoint(...points),
		emoji_unicode: points.map((p) => `U+${p.toString(16).toUpperCase()}`).join(' '),
	};
}

