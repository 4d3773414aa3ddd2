-- The knowledge database's schema as SQLite creates it, reviewed by hand. There are no migrations:
-- a change here breaks databases already built (PostgreSQL ones included), so it must be deliberate.

CREATE TABLE career_facts (
	role_id VARCHAR(64) NOT NULL,
	topic VARCHAR(16) NOT NULL,
	position INTEGER NOT NULL,
	text TEXT NOT NULL,
	source_id VARCHAR(64) NOT NULL,
	PRIMARY KEY (role_id, topic, position),
	FOREIGN KEY(role_id) REFERENCES roles (id),
	FOREIGN KEY(source_id) REFERENCES sources (id)
);

CREATE TABLE contrast_aspects (
	contrast_id VARCHAR(140) NOT NULL,
	position INTEGER NOT NULL,
	aspect TEXT NOT NULL,
	first TEXT NOT NULL,
	second TEXT NOT NULL,
	source_id VARCHAR(64) NOT NULL,
	PRIMARY KEY (contrast_id, position),
	FOREIGN KEY(contrast_id) REFERENCES contrasts (id),
	FOREIGN KEY(source_id) REFERENCES sources (id)
);

CREATE TABLE contrasts (
	id VARCHAR(140) NOT NULL,
	first_role_id VARCHAR(64) NOT NULL,
	second_role_id VARCHAR(64) NOT NULL,
	summary TEXT NOT NULL,
	source_id VARCHAR(64) NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (first_role_id, second_role_id),
	FOREIGN KEY(first_role_id) REFERENCES roles (id),
	FOREIGN KEY(second_role_id) REFERENCES roles (id),
	FOREIGN KEY(source_id) REFERENCES sources (id)
);

CREATE TABLE duties (
	role_id VARCHAR(64) NOT NULL,
	position INTEGER NOT NULL,
	text TEXT NOT NULL,
	source_id VARCHAR(64) NOT NULL,
	PRIMARY KEY (role_id, position),
	FOREIGN KEY(role_id) REFERENCES roles (id),
	FOREIGN KEY(source_id) REFERENCES sources (id)
);

CREATE TABLE role_aliases (
	alias VARCHAR(128) NOT NULL,
	role_id VARCHAR(64) NOT NULL,
	PRIMARY KEY (alias),
	FOREIGN KEY(role_id) REFERENCES roles (id)
);

CREATE TABLE role_skills (
	role_id VARCHAR(64) NOT NULL,
	skill_id VARCHAR(64) NOT NULL,
	importance VARCHAR(16) NOT NULL,
	position INTEGER NOT NULL,
	note TEXT,
	source_id VARCHAR(64) NOT NULL,
	PRIMARY KEY (role_id, skill_id),
	CONSTRAINT ck_role_skills_importance CHECK (importance IN ('essential', 'important', 'useful')),
	FOREIGN KEY(role_id) REFERENCES roles (id),
	FOREIGN KEY(skill_id) REFERENCES skills (id),
	FOREIGN KEY(source_id) REFERENCES sources (id)
);

CREATE TABLE roles (
	id VARCHAR(64) NOT NULL,
	name TEXT NOT NULL,
	plural TEXT NOT NULL,
	summary TEXT NOT NULL,
	summary_source_id VARCHAR(64) NOT NULL,
	workplace TEXT NOT NULL,
	workplace_source_id VARCHAR(64) NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(summary_source_id) REFERENCES sources (id),
	FOREIGN KEY(workplace_source_id) REFERENCES sources (id)
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

CREATE TABLE skills (
	id VARCHAR(64) NOT NULL,
	name TEXT NOT NULL,
	category_id VARCHAR(64) NOT NULL,
	description TEXT NOT NULL,
	source_id VARCHAR(64) NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(category_id) REFERENCES skill_categories (id),
	FOREIGN KEY(source_id) REFERENCES sources (id)
);

CREATE TABLE sources (
	id VARCHAR(64) NOT NULL,
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
	source_id VARCHAR(64) NOT NULL,
	PRIMARY KEY (term_id, position),
	FOREIGN KEY(term_id) REFERENCES terms (id),
	FOREIGN KEY(source_id) REFERENCES sources (id)
);

CREATE TABLE terms (
	id VARCHAR(64) NOT NULL,
	name TEXT NOT NULL,
	definition TEXT NOT NULL,
	source_id VARCHAR(64) NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(source_id) REFERENCES sources (id)
);
