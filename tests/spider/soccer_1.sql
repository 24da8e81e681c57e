-- Typed tables for the soccer CSVs (../shared/data/spider/soccer_1), whose
-- published schema declares Player.height INTEGER for values like 182.88.
CREATE TABLE Country(id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE League(id INTEGER PRIMARY KEY, country_id INTEGER REFERENCES Country(id), name TEXT);
CREATE TABLE Team(id INTEGER PRIMARY KEY, team_api_id INTEGER UNIQUE, team_fifa_api_id INTEGER,
	team_long_name TEXT, team_short_name TEXT);
CREATE TABLE Team_Attributes(id INTEGER PRIMARY KEY, team_fifa_api_id INTEGER,
	team_api_id INTEGER REFERENCES Team(team_api_id), date TEXT,
	buildUpPlaySpeed INTEGER, buildUpPlaySpeedClass TEXT, buildUpPlayDribbling INTEGER,
	buildUpPlayDribblingClass TEXT, buildUpPlayPassing INTEGER, buildUpPlayPassingClass TEXT,
	buildUpPlayPositioningClass TEXT, chanceCreationPassing INTEGER,
	chanceCreationPassingClass TEXT, chanceCreationCrossing INTEGER,
	chanceCreationCrossingClass TEXT, chanceCreationShooting INTEGER,
	chanceCreationShootingClass TEXT, chanceCreationPositioningClass TEXT,
	defencePressure INTEGER, defencePressureClass TEXT, defenceAggression INTEGER,
	defenceAggressionClass TEXT, defenceTeamWidth INTEGER, defenceTeamWidthClass TEXT,
	defenceDefenderLineClass TEXT);
CREATE TABLE Player(id INTEGER PRIMARY KEY, player_api_id INTEGER UNIQUE, player_name TEXT,
	player_fifa_api_id INTEGER UNIQUE, birthday TEXT, height REAL, weight INTEGER);
