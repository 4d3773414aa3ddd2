-- The knowledge database's schema as SQLite creates it, reviewed by hand. There are no migrations:
-- a change here breaks databases already built (PostgreSQL ones included), so it must be deliberate.

CREATE TABLE career_facts (
	role_id VARCHAR(64) NOT NULL, 
	topic VARCHAR(16) NOT NULL, 
	position INTEGER NOT NULL, 
	text TEXT NOT NULL, 
	fact_id VARCHAR(200) NOT NULL, 
	PRIMARY KEY (role_id, topic, position), 
	FOREIGN KEY(role_id) REFERENCES roles (id), 
	FOREIGN KEY(fact_id) REFERENCES facts (id)
);

CREATE TABLE career_levels (
	id VARCHAR(64) NOT NULL, 
	name TEXT NOT NULL, 
	track VARCHAR(16) NOT NULL, 
	rank INTEGER NOT NULL, 
	changes TEXT NOT NULL, 
	fact_id VARCHAR(200) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (track, rank), 
	FOREIGN KEY(fact_id) REFERENCES facts (id)
);

CREATE TABLE certification_roles (
	certification_id VARCHAR(64) NOT NULL, 
	role_id VARCHAR(64) NOT NULL, 
	PRIMARY KEY (certification_id, role_id), 
	FOREIGN KEY(certification_id) REFERENCES certifications (id), 
	FOREIGN KEY(role_id) REFERENCES roles (id)
);

CREATE TABLE certification_value_roles (
	position INTEGER NOT NULL, 
	role_id VARCHAR(64) NOT NULL, 
	PRIMARY KEY (position, role_id), 
	FOREIGN KEY(position) REFERENCES certification_values (position), 
	FOREIGN KEY(role_id) REFERENCES roles (id)
);

CREATE TABLE certification_values (
	position INTEGER NOT NULL, 
	text TEXT NOT NULL, 
	fact_id VARCHAR(200) NOT NULL, 
	PRIMARY KEY (position), 
	FOREIGN KEY(fact_id) REFERENCES facts (id)
);

CREATE TABLE certifications (
	id VARCHAR(64) NOT NULL, 
	name TEXT NOT NULL, 
	issuer TEXT NOT NULL, 
	url TEXT NOT NULL, 
	about TEXT NOT NULL, 
	about_fact_id VARCHAR(200) NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	status_text TEXT NOT NULL, 
	status_fact_id VARCHAR(200) NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT ck_certifications_status CHECK (status IN ('active', 'retired')), 
	FOREIGN KEY(about_fact_id) REFERENCES facts (id), 
	FOREIGN KEY(status_fact_id) REFERENCES facts (id)
);

CREATE TABLE citations (
	fact_id VARCHAR(200) NOT NULL, 
	position INTEGER NOT NULL, 
	source_id VARCHAR(64) NOT NULL, 
	locator TEXT NOT NULL, 
	PRIMARY KEY (fact_id, position), 
	FOREIGN KEY(fact_id) REFERENCES facts (id), 
	FOREIGN KEY(source_id) REFERENCES sources (id)
);

CREATE TABLE contrast_aspects (
	contrast_id VARCHAR(140) NOT NULL, 
	position INTEGER NOT NULL, 
	aspect TEXT NOT NULL, 
	first TEXT NOT NULL, 
	second TEXT NOT NULL, 
	fact_id VARCHAR(200) NOT NULL, 
	PRIMARY KEY (contrast_id, position), 
	FOREIGN KEY(contrast_id) REFERENCES contrasts (id), 
	FOREIGN KEY(fact_id) REFERENCES facts (id)
);

CREATE TABLE contrasts (
	id VARCHAR(140) NOT NULL, 
	first_role_id VARCHAR(64) NOT NULL, 
	second_role_id VARCHAR(64) NOT NULL, 
	summary TEXT NOT NULL, 
	fact_id VARCHAR(200) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (first_role_id, second_role_id), 
	FOREIGN KEY(first_role_id) REFERENCES roles (id), 
	FOREIGN KEY(second_role_id) REFERENCES roles (id), 
	FOREIGN KEY(fact_id) REFERENCES facts (id)
);

CREATE TABLE duties (
	role_id VARCHAR(64) NOT NULL, 
	position INTEGER NOT NULL, 
	text TEXT NOT NULL, 
	fact_id VARCHAR(200) NOT NULL, 
	PRIMARY KEY (role_id, position), 
	FOREIGN KEY(role_id) REFERENCES roles (id), 
	FOREIGN KEY(fact_id) REFERENCES facts (id)
);

CREATE TABLE education_facts (
	role_id VARCHAR(64) NOT NULL, 
	topic VARCHAR(16) NOT NULL, 
	position INTEGER NOT NULL, 
	text TEXT NOT NULL, 
	degree VARCHAR(16), 
	expectation VARCHAR(16), 
	fact_id VARCHAR(200) NOT NULL, 
	PRIMARY KEY (role_id, topic, position), 
	FOREIGN KEY(role_id) REFERENCES roles (id), 
	FOREIGN KEY(fact_id) REFERENCES facts (id)
);

CREATE TABLE employer_examples (
	employer_id VARCHAR(64) NOT NULL, 
	position INTEGER NOT NULL, 
	text TEXT NOT NULL, 
	fact_id VARCHAR(200) NOT NULL, 
	PRIMARY KEY (employer_id, position), 
	FOREIGN KEY(employer_id) REFERENCES employers (id), 
	FOREIGN KEY(fact_id) REFERENCES facts (id)
);

CREATE TABLE employer_roles (
	employer_id VARCHAR(64) NOT NULL, 
	role_id VARCHAR(64) NOT NULL, 
	PRIMARY KEY (employer_id, role_id), 
	FOREIGN KEY(employer_id) REFERENCES employers (id), 
	FOREIGN KEY(role_id) REFERENCES roles (id)
);

CREATE TABLE employers (
	id VARCHAR(64) NOT NULL, 
	name TEXT NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	about TEXT NOT NULL, 
	fact_id VARCHAR(200) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(fact_id) REFERENCES facts (id)
);

CREATE TABLE facts (
	id VARCHAR(200) NOT NULL, 
	checked_on DATE NOT NULL, 
	text TEXT NOT NULL, 
	context TEXT NOT NULL, 
	PRIMARY KEY (id)
);

CREATE TABLE fit_dimensions (
	id VARCHAR(64) NOT NULL, 
	name TEXT NOT NULL, 
	first_pole VARCHAR(64) NOT NULL, 
	second_pole VARCHAR(64) NOT NULL, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id)
);

CREATE TABLE interview_facts (
	role_id VARCHAR(64) NOT NULL, 
	part VARCHAR(16) NOT NULL, 
	position INTEGER NOT NULL, 
	text TEXT NOT NULL, 
	fact_id VARCHAR(200) NOT NULL, 
	PRIMARY KEY (role_id, part, position), 
	FOREIGN KEY(role_id) REFERENCES roles (id), 
	FOREIGN KEY(fact_id) REFERENCES facts (id)
);

CREATE TABLE interview_topic_skills (
	role_id VARCHAR(64) NOT NULL, 
	position INTEGER NOT NULL, 
	skill_id VARCHAR(64) NOT NULL, 
	PRIMARY KEY (role_id, position, skill_id), 
	FOREIGN KEY(role_id) REFERENCES roles (id), 
	FOREIGN KEY(skill_id) REFERENCES skills (id)
);

-- One row: the digest of the loaded content; action servers reload their in-memory copy when it changes.
CREATE TABLE knowledge_version (
	id INTEGER NOT NULL, 
	digest VARCHAR(64) NOT NULL, 
	PRIMARY KEY (id)
);

CREATE TABLE learning_resources (
	id VARCHAR(64) NOT NULL, 
	title TEXT NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	level VARCHAR(16) NOT NULL, 
	url TEXT NOT NULL, 
	about TEXT NOT NULL, 
	fact_id VARCHAR(200) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(fact_id) REFERENCES facts (id)
);

CREATE TABLE occupation_figures (
	code VARCHAR(16) NOT NULL, 
	measure VARCHAR(32) NOT NULL, 
	value TEXT NOT NULL, 
	period TEXT NOT NULL, 
	region TEXT NOT NULL, 
	text TEXT NOT NULL, 
	fact_id VARCHAR(200) NOT NULL, 
	PRIMARY KEY (code, measure), 
	FOREIGN KEY(code) REFERENCES occupations (code), 
	FOREIGN KEY(fact_id) REFERENCES facts (id)
);

CREATE TABLE occupations (
	code VARCHAR(16) NOT NULL, 
	title TEXT NOT NULL, 
	url TEXT NOT NULL, 
	PRIMARY KEY (code)
);

CREATE TABLE portfolio_projects (
	id VARCHAR(64) NOT NULL, 
	title TEXT NOT NULL, 
	demonstrates TEXT NOT NULL, 
	fact_id VARCHAR(200) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(fact_id) REFERENCES facts (id)
);

CREATE TABLE project_roles (
	project_id VARCHAR(64) NOT NULL, 
	role_id VARCHAR(64) NOT NULL, 
	PRIMARY KEY (project_id, role_id), 
	FOREIGN KEY(project_id) REFERENCES portfolio_projects (id), 
	FOREIGN KEY(role_id) REFERENCES roles (id)
);

CREATE TABLE project_skills (
	project_id VARCHAR(64) NOT NULL, 
	skill_id VARCHAR(64) NOT NULL, 
	PRIMARY KEY (project_id, skill_id), 
	FOREIGN KEY(project_id) REFERENCES portfolio_projects (id), 
	FOREIGN KEY(skill_id) REFERENCES skills (id)
);

CREATE TABLE resource_roles (
	resource_id VARCHAR(64) NOT NULL, 
	role_id VARCHAR(64) NOT NULL, 
	PRIMARY KEY (resource_id, role_id), 
	FOREIGN KEY(resource_id) REFERENCES learning_resources (id), 
	FOREIGN KEY(role_id) REFERENCES roles (id)
);

CREATE TABLE resource_skills (
	resource_id VARCHAR(64) NOT NULL, 
	skill_id VARCHAR(64) NOT NULL, 
	PRIMARY KEY (resource_id, skill_id), 
	FOREIGN KEY(resource_id) REFERENCES learning_resources (id), 
	FOREIGN KEY(skill_id) REFERENCES skills (id)
);

CREATE TABLE role_aliases (
	alias VARCHAR(128) NOT NULL, 
	role_id VARCHAR(64) NOT NULL, 
	PRIMARY KEY (alias), 
	FOREIGN KEY(role_id) REFERENCES roles (id)
);

CREATE TABLE role_fit (
	role_id VARCHAR(64) NOT NULL, 
	dimension_id VARCHAR(64) NOT NULL, 
	pole VARCHAR(64) NOT NULL, 
	text TEXT NOT NULL, 
	fact_id VARCHAR(200) NOT NULL, 
	PRIMARY KEY (role_id, dimension_id), 
	FOREIGN KEY(role_id) REFERENCES roles (id), 
	FOREIGN KEY(dimension_id) REFERENCES fit_dimensions (id), 
	FOREIGN KEY(fact_id) REFERENCES facts (id)
);

CREATE TABLE role_occupations (
	role_id VARCHAR(64) NOT NULL, 
	code VARCHAR(16) NOT NULL, 
	closeness VARCHAR(16) NOT NULL, 
	text TEXT NOT NULL, 
	fact_id VARCHAR(200) NOT NULL, 
	PRIMARY KEY (role_id, code), 
	FOREIGN KEY(role_id) REFERENCES roles (id), 
	FOREIGN KEY(code) REFERENCES occupations (code), 
	FOREIGN KEY(fact_id) REFERENCES facts (id)
);

CREATE TABLE role_skills (
	role_id VARCHAR(64) NOT NULL, 
	skill_id VARCHAR(64) NOT NULL, 
	importance VARCHAR(16) NOT NULL, 
	position INTEGER NOT NULL, 
	note TEXT, 
	fact_id VARCHAR(200) NOT NULL, 
	PRIMARY KEY (role_id, skill_id), 
	CONSTRAINT ck_role_skills_importance CHECK (importance IN ('essential', 'important', 'useful')), 
	FOREIGN KEY(role_id) REFERENCES roles (id), 
	FOREIGN KEY(skill_id) REFERENCES skills (id), 
	FOREIGN KEY(fact_id) REFERENCES facts (id)
);

CREATE TABLE roles (
	id VARCHAR(64) NOT NULL, 
	name TEXT NOT NULL, 
	plural TEXT NOT NULL, 
	summary TEXT NOT NULL, 
	summary_fact_id VARCHAR(200) NOT NULL, 
	workplace TEXT NOT NULL, 
	workplace_fact_id VARCHAR(200) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(summary_fact_id) REFERENCES facts (id), 
	FOREIGN KEY(workplace_fact_id) REFERENCES facts (id)
);

CREATE TABLE skill_aliases (
	alias VARCHAR(128) NOT NULL, 
	skill_id VARCHAR(64) NOT NULL, 
	PRIMARY KEY (alias), 
	FOREIGN KEY(skill_id) REFERENCES skills (id)
);

CREATE TABLE skill_categories (
	id VARCHAR(64) NOT NULL, 
	name TEXT NOT NULL, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id)
);

CREATE TABLE skill_category_aliases (
	alias VARCHAR(128) NOT NULL, 
	category_id VARCHAR(64) NOT NULL, 
	PRIMARY KEY (alias), 
	FOREIGN KEY(category_id) REFERENCES skill_categories (id)
);

CREATE TABLE skills (
	id VARCHAR(64) NOT NULL, 
	name TEXT NOT NULL, 
	category_id VARCHAR(64) NOT NULL, 
	description TEXT NOT NULL, 
	fact_id VARCHAR(200) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(category_id) REFERENCES skill_categories (id), 
	FOREIGN KEY(fact_id) REFERENCES facts (id)
);

CREATE TABLE sources (
	id VARCHAR(64) NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	title TEXT NOT NULL, 
	publisher TEXT, 
	url TEXT, 
	PRIMARY KEY (id)
);

CREATE TABLE term_aliases (
	alias VARCHAR(128) NOT NULL, 
	term_id VARCHAR(64) NOT NULL, 
	PRIMARY KEY (alias), 
	FOREIGN KEY(term_id) REFERENCES terms (id)
);

CREATE TABLE term_examples (
	term_id VARCHAR(64) NOT NULL, 
	position INTEGER NOT NULL, 
	text TEXT NOT NULL, 
	fact_id VARCHAR(200) NOT NULL, 
	PRIMARY KEY (term_id, position), 
	FOREIGN KEY(term_id) REFERENCES terms (id), 
	FOREIGN KEY(fact_id) REFERENCES facts (id)
);

CREATE TABLE terms (
	id VARCHAR(64) NOT NULL, 
	name TEXT NOT NULL, 
	definition TEXT NOT NULL, 
	fact_id VARCHAR(200) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(fact_id) REFERENCES facts (id)
);

CREATE TABLE transition_step_skills (
	from_role_id VARCHAR(64) NOT NULL, 
	to_role_id VARCHAR(64) NOT NULL, 
	part VARCHAR(16) NOT NULL, 
	position INTEGER NOT NULL, 
	skill_id VARCHAR(64) NOT NULL, 
	PRIMARY KEY (from_role_id, to_role_id, part, position, skill_id), 
	FOREIGN KEY(from_role_id) REFERENCES roles (id), 
	FOREIGN KEY(to_role_id) REFERENCES roles (id), 
	FOREIGN KEY(skill_id) REFERENCES skills (id)
);

CREATE TABLE transition_steps (
	from_role_id VARCHAR(64) NOT NULL, 
	to_role_id VARCHAR(64) NOT NULL, 
	part VARCHAR(16) NOT NULL, 
	position INTEGER NOT NULL, 
	text TEXT NOT NULL, 
	fact_id VARCHAR(200) NOT NULL, 
	PRIMARY KEY (from_role_id, to_role_id, part, position), 
	FOREIGN KEY(from_role_id) REFERENCES roles (id), 
	FOREIGN KEY(to_role_id) REFERENCES roles (id), 
	FOREIGN KEY(fact_id) REFERENCES facts (id)
);

CREATE TABLE transitions (
	from_role_id VARCHAR(64) NOT NULL, 
	to_role_id VARCHAR(64) NOT NULL, 
	summary TEXT NOT NULL, 
	fact_id VARCHAR(200) NOT NULL, 
	PRIMARY KEY (from_role_id, to_role_id), 
	FOREIGN KEY(from_role_id) REFERENCES roles (id), 
	FOREIGN KEY(to_role_id) REFERENCES roles (id), 
	FOREIGN KEY(fact_id) REFERENCES facts (id)
);

CREATE TABLE certification_aliases (
	alias VARCHAR(128) NOT NULL, 
	certification_id VARCHAR(64) NOT NULL, 
	PRIMARY KEY (alias), 
	FOREIGN KEY(certification_id) REFERENCES certifications (id)
);

CREATE TABLE resource_aliases (
	alias VARCHAR(128) NOT NULL, 
	resource_id VARCHAR(64) NOT NULL, 
	PRIMARY KEY (alias), 
	FOREIGN KEY(resource_id) REFERENCES learning_resources (id)
);

CREATE TABLE employer_aliases (
	alias VARCHAR(128) NOT NULL, 
	employer_id VARCHAR(64) NOT NULL, 
	PRIMARY KEY (alias), 
	FOREIGN KEY(employer_id) REFERENCES employers (id)
);
