-- Open edX-like tables and rows for a MariaDB database: what `bash src/services/mariadb.sh seed DATABASE LEARNERS`
-- runs in DATABASE (the demo's backup, bench/backup.sh). The tables are edx-platform's (Open edX "Verawood", Tutor
-- 22) with the columns, keys and foreign keys that Django's migrations give them, cut to the ones that hold most of
-- a platform's rows; the rows are generated in bulk (INSERT ... SELECT over MariaDB's seq tables), repeatable, and
-- scale with the learners:
--   auth_user, auth_userprofile          1 per learner (passwords as Django's PBKDF2 hashes)
--   user_api_userpreference              3 per learner
--   django_session                       1 per 5 learners, and 1 (signed data: incompressible)
--   course_overviews_courseoverview      3 courses, and 1 per 500 learners
--   student_courseenrollment             12 per 5 learners (each learner in 2 or 3 courses)
--   student_anonymoususerid              1 per enrollment
--   courseware_studentmodule             16 per learner: course, chapter, sequential, video and problem state as
--                                        JSON text (a problem's: answers, correct map, score; ~0.5 KB)
--   grades_visibleblocks                 4 per course (a subsection's graded blocks as JSON, ~3 KB)
--   grades_persistentsubsectiongrade     4 per enrollment
--   grades_persistentcoursegrade         1 per enrollment
--   certificates_generatedcertificate    1 per 4 enrollments
-- {learners}, {courses}, {enrollments} and the other counts in braces are filled in by mariadb.sh. No BLOB or BINARY
-- column: `backup run` dumps with --hex-blob and the benchmark's anchor does not, so a blob would weigh twice on one
-- side only.
--
-- The session writes no binary log (the seed stands for the data a platform had before its first backup) and
-- checks neither unique keys nor foreign keys: every table starts empty, so InnoDB builds each index by sorting
-- (MariaDB's bulk insert into an empty table) instead of row by row. The rows are unique by construction.
SET SESSION sql_log_bin = 0, foreign_key_checks = 0, unique_checks = 0;

CREATE TABLE auth_user (
  id int NOT NULL AUTO_INCREMENT,
  password varchar(128) NOT NULL,
  last_login datetime(6) DEFAULT NULL,
  is_superuser tinyint(1) NOT NULL,
  username varchar(150) NOT NULL,
  first_name varchar(150) NOT NULL,
  last_name varchar(150) NOT NULL,
  email varchar(254) NOT NULL,
  is_staff tinyint(1) NOT NULL,
  is_active tinyint(1) NOT NULL,
  date_joined datetime(6) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY username (username),
  KEY auth_user_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE auth_userprofile (
  id int NOT NULL AUTO_INCREMENT,
  name varchar(255) NOT NULL,
  meta longtext NOT NULL,
  courseware varchar(255) NOT NULL,
  language varchar(255) NOT NULL,
  location varchar(255) NOT NULL,
  year_of_birth int DEFAULT NULL,
  gender varchar(6) DEFAULT NULL,
  level_of_education varchar(6) DEFAULT NULL,
  mailing_address longtext,
  city longtext,
  country varchar(2) DEFAULT NULL,
  goals longtext,
  bio varchar(3000) DEFAULT NULL,
  profile_image_uploaded_at datetime(6) DEFAULT NULL,
  user_id int NOT NULL,
  phone_number varchar(50) DEFAULT NULL,
  state varchar(2) DEFAULT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY user_id (user_id),
  KEY auth_userprofile_name (name),
  KEY auth_userprofile_year_of_birth (year_of_birth),
  KEY auth_userprofile_country (country),
  CONSTRAINT auth_userprofile_user_id_fk_auth_user_id FOREIGN KEY (user_id) REFERENCES auth_user (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE user_api_userpreference (
  id int NOT NULL AUTO_INCREMENT,
  `key` varchar(255) NOT NULL,
  value longtext NOT NULL,
  user_id int NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY user_api_userpreference_user_id_key_uniq (user_id, `key`),
  KEY user_api_userpreference_key (`key`),
  CONSTRAINT user_api_userpreference_user_id_fk_auth_user_id FOREIGN KEY (user_id) REFERENCES auth_user (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE django_session (
  session_key varchar(40) NOT NULL,
  session_data longtext NOT NULL,
  expire_date datetime(6) NOT NULL,
  PRIMARY KEY (session_key),
  KEY django_session_expire_date (expire_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE course_overviews_courseoverview (
  created datetime(6) NOT NULL,
  modified datetime(6) NOT NULL,
  version int NOT NULL,
  id varchar(255) NOT NULL,
  _location varchar(255) NOT NULL,
  display_name longtext,
  display_number_with_default longtext NOT NULL,
  display_org_with_default longtext NOT NULL,
  start datetime(6) DEFAULT NULL,
  end datetime(6) DEFAULT NULL,
  advertised_start longtext,
  course_image_url longtext NOT NULL,
  social_sharing_url longtext,
  certificates_display_behavior longtext,
  certificates_show_before_end tinyint(1) NOT NULL,
  cert_html_view_enabled tinyint(1) NOT NULL,
  has_any_active_web_certificate tinyint(1) NOT NULL,
  cert_name_short longtext NOT NULL,
  cert_name_long longtext NOT NULL,
  lowest_passing_grade decimal(5,2) DEFAULT NULL,
  days_early_for_beta double DEFAULT NULL,
  mobile_available tinyint(1) NOT NULL,
  visible_to_staff_only tinyint(1) NOT NULL,
  enrollment_start datetime(6) DEFAULT NULL,
  enrollment_end datetime(6) DEFAULT NULL,
  invitation_only tinyint(1) NOT NULL,
  max_student_enrollments_allowed int DEFAULT NULL,
  catalog_visibility longtext,
  short_description longtext,
  effort longtext,
  org longtext NOT NULL,
  self_paced tinyint(1) NOT NULL,
  language longtext,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE student_courseenrollment (
  id int NOT NULL AUTO_INCREMENT,
  course_id varchar(255) NOT NULL,
  created datetime(6) DEFAULT NULL,
  is_active tinyint(1) NOT NULL,
  mode varchar(100) NOT NULL,
  user_id int NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY student_courseenrollment_user_id_course_id_uniq (user_id, course_id),
  KEY student_courseenrollment_course_id_created (course_id, created),
  KEY student_courseenrollment_created (created),
  CONSTRAINT student_courseenrollment_user_id_fk_auth_user_id FOREIGN KEY (user_id) REFERENCES auth_user (id),
  CONSTRAINT student_courseenrollment_course_id_fk FOREIGN KEY (course_id)
    REFERENCES course_overviews_courseoverview (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE student_anonymoususerid (
  id int NOT NULL AUTO_INCREMENT,
  anonymous_user_id varchar(32) NOT NULL,
  course_id varchar(255) NOT NULL,
  user_id int NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY anonymous_user_id (anonymous_user_id),
  KEY student_anonymoususerid_course_id (course_id),
  CONSTRAINT student_anonymoususerid_user_id_fk_auth_user_id FOREIGN KEY (user_id) REFERENCES auth_user (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE courseware_studentmodule (
  id bigint NOT NULL AUTO_INCREMENT,
  module_type varchar(32) NOT NULL,
  module_id varchar(255) NOT NULL,
  course_id varchar(255) NOT NULL,
  state longtext,
  grade double DEFAULT NULL,
  max_grade double DEFAULT NULL,
  done varchar(8) NOT NULL,
  created datetime(6) NOT NULL,
  modified datetime(6) NOT NULL,
  student_id int NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY courseware_studentmodule_student_id_module_id_course_id_uniq (student_id, module_id, course_id),
  KEY courseware_studentmodule_module_type (module_type),
  KEY courseware_studentmodule_course_id (course_id),
  KEY courseware_studentmodule_modified (modified),
  KEY courseware_stats (module_id, grade, student_id),
  CONSTRAINT courseware_studentmodule_student_id_fk_auth_user_id FOREIGN KEY (student_id) REFERENCES auth_user (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE grades_visibleblocks (
  id int NOT NULL AUTO_INCREMENT,
  blocks_json longtext NOT NULL,
  hashed varchar(100) NOT NULL,
  course_id varchar(255) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY hashed (hashed),
  KEY grades_visibleblocks_course_id (course_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE grades_persistentsubsectiongrade (
  created datetime(6) NOT NULL,
  modified datetime(6) NOT NULL,
  id bigint NOT NULL AUTO_INCREMENT,
  user_id int NOT NULL,
  course_id varchar(255) NOT NULL,
  usage_key varchar(255) NOT NULL,
  subtree_edited_timestamp datetime(6) DEFAULT NULL,
  course_version varchar(255) NOT NULL,
  earned_all double NOT NULL,
  possible_all double NOT NULL,
  earned_graded double NOT NULL,
  possible_graded double NOT NULL,
  visible_blocks_hash varchar(100) NOT NULL,
  first_attempted datetime(6) DEFAULT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY grades_persistentsubsect_course_id_user_id_usage_key_uniq (course_id, user_id, usage_key),
  KEY grades_persistentsubsectiongrade_modified (modified),
  KEY grades_persistentsubsectiongrade_first_attempted (first_attempted),
  KEY grades_persistentsubsectiongrade_visible_blocks_hash (visible_blocks_hash),
  CONSTRAINT grades_persistentsubsectiongrade_visible_blocks_hash_fk FOREIGN KEY (visible_blocks_hash)
    REFERENCES grades_visibleblocks (hashed)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE grades_persistentcoursegrade (
  created datetime(6) NOT NULL,
  modified datetime(6) NOT NULL,
  id bigint NOT NULL AUTO_INCREMENT,
  user_id int NOT NULL,
  course_id varchar(255) NOT NULL,
  course_edited_timestamp datetime(6) DEFAULT NULL,
  course_version varchar(255) NOT NULL,
  grading_policy_hash varchar(255) NOT NULL,
  percent_grade double NOT NULL,
  letter_grade varchar(255) NOT NULL,
  passed_timestamp datetime(6) DEFAULT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY grades_persistentcoursegrade_course_id_user_id_uniq (course_id, user_id),
  KEY grades_persistentcoursegrade_user_id (user_id),
  KEY grades_persistentcoursegrade_passed_timestamp_course_id (passed_timestamp, course_id),
  KEY grades_persistentcoursegrade_modified_course_id (modified, course_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE certificates_generatedcertificate (
  id int NOT NULL AUTO_INCREMENT,
  course_id varchar(255) NOT NULL,
  verify_uuid varchar(32) NOT NULL,
  grade varchar(5) NOT NULL,
  `key` varchar(32) NOT NULL,
  distinction tinyint(1) NOT NULL,
  status varchar(32) NOT NULL,
  mode varchar(32) NOT NULL,
  name varchar(255) NOT NULL,
  created_date datetime(6) NOT NULL,
  modified_date datetime(6) NOT NULL,
  error_reason varchar(512) NOT NULL,
  user_id int NOT NULL,
  download_url varchar(128) NOT NULL,
  download_uuid varchar(32) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY certificates_generatedcertificate_user_id_course_id_uniq (user_id, course_id),
  KEY certificates_generatedcertificate_verify_uuid (verify_uuid),
  CONSTRAINT certificates_generatedcertificate_user_id_fk_auth_user_id FOREIGN KEY (user_id) REFERENCES auth_user (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- The courses, numbered 1..{courses} for the rows below (a temporary table: not in the database, not dumped).
CREATE TEMPORARY TABLE seed_course (n int PRIMARY KEY, course_key varchar(255), org varchar(32), number varchar(32),
  title varchar(255), start datetime(6));
INSERT INTO seed_course
SELECT seq, CONCAT('course-v1:', org, '+', number, '+', run), org, number, title,
  '2024-01-08' + INTERVAL (seq % 9) * 61 DAY
FROM (SELECT seq, ELT(1 + seq % 4, 'Acme', 'Globex', 'Initech', 'Umbrella') AS org,
        CONCAT(ELT(1 + seq % 8, 'Intro', 'Data', 'Physics', 'History', 'Python', 'Design', 'Finance', 'Biology'),
          100 + seq) AS number,
        ELT(1 + seq % 3, '2024_T1', '2025_T2', '2026_T1') AS run,
        CONCAT(ELT(1 + seq % 8, 'Introduction to Learning', 'Data Analysis for Everyone', 'Classical Mechanics',
          'A History of the Modern World', 'Programming in Python', 'Design Thinking', 'Personal Finance',
          'Molecular Biology'), ' ', ELT(1 + seq % 3, 'I', 'II', 'III')) AS title
      FROM seq_1_to_{courses}) c;

INSERT INTO course_overviews_courseoverview
SELECT start - INTERVAL 30 DAY, start - INTERVAL 2 DAY, 17, course_key,
  CONCAT('block-v1:', SUBSTRING(course_key, 11), '+type@course+block@course'), title, number, org, start,
  start + INTERVAL 120 DAY, NULL, CONCAT('/asset-v1:', SUBSTRING(course_key, 11), '+type@asset+block@images_course_image.jpg'),
  NULL, 'end', 0, 1, n % 2, number, title, 0.50, NULL, 1, 0, start - INTERVAL 60 DAY, start + INTERVAL 90 DAY, 0,
  NULL, 'both', CONCAT('Learn the essentials of ', LOWER(title), ' with weekly videos, readings and graded problems.'),
  '4 hours/week', org, n % 3 = 0, 'en'
FROM seed_course;

INSERT INTO auth_user
SELECT seq,
  CONCAT('pbkdf2_sha256$870000$', LEFT(TO_BASE64(UNHEX(MD5(CONCAT('salt', seq)))), 22), '$',
    TO_BASE64(UNHEX(SHA2(CONCAT('password', seq), 256)))),
  joined + INTERVAL (r % 30000000) SECOND, seq = 1, CONCAT(LOWER(first), '_', LOWER(last), seq), first, last,
  CONCAT(LOWER(first), '.', LOWER(last), seq, '@', ELT(1 + r % 5, 'example.com', 'mail.example.org',
    'uni.example.edu', 'corp.example.net', 'example.io')),
  seq = 1, r % 20 <> 0, joined
FROM (SELECT seq, CRC32(CONCAT('user', seq)) AS r,
        '2022-01-01' + INTERVAL (CRC32(CONCAT('joined', seq)) % 94608000) SECOND
          + INTERVAL (seq % 1000000) MICROSECOND AS joined,
        ELT(1 + seq % 20, 'Amara', 'Bilal', 'Chen', 'Daria', 'Emeka', 'Fatima', 'Giulia', 'Hiro', 'Ines', 'Jonas',
          'Kavya', 'Luis', 'Mei', 'Nadia', 'Omar', 'Priya', 'Quentin', 'Rosa', 'Sven', 'Tariq') AS first,
        ELT(1 + (seq DIV 20) % 20, 'Okafor', 'Silva', 'Nakamura', 'Kowalski', 'Haddad', 'Garcia', 'Muller', 'Rossi',
          'Nguyen', 'Petrov', 'Andersen', 'Dubois', 'Mensah', 'Kaur', 'Lopez', 'Ibrahim', 'Wang', 'Novak', 'Cohen',
          'Smith') AS last
      FROM seq_1_to_{learners}) u;

INSERT INTO auth_userprofile
SELECT id, CONCAT(first_name, ' ', last_name), '', 'course.xml', '', '',
  IF(r % 4 = 0, NULL, 1950 + r % 55), ELT(1 + r % 5, 'm', 'f', 'o', NULL, NULL),
  ELT(1 + r % 7, 'p', 'm', 'b', 'a', 'hs', 'jhs', 'none'), NULL,
  IF(r % 3 = 0, ELT(1 + r % 6, 'Lagos', 'Sao Paulo', 'Pune', 'Lyon', 'Toronto', 'Cairo'), NULL),
  ELT(1 + r % 10, 'US', 'IN', 'BR', 'FR', 'DE', 'NG', 'MX', 'GB', 'CN', 'EG'),
  IF(r % 4 = 0, ELT(1 + r % 5, 'Change careers into data science.', 'Finish my degree while working.',
    'Help my children with their homework.', 'Learn to program for my research.', 'Just curious!'), NULL),
  NULL, NULL, id, NULL, NULL
FROM (SELECT id, first_name, last_name, CRC32(CONCAT('profile', id)) AS r FROM auth_user) u;

INSERT INTO user_api_userpreference
SELECT seq, ELT(1 + k, 'pref-lang', 'account_privacy', 'time_zone'),
  ELT(1 + k, ELT(1 + r % 5, 'en', 'fr', 'es', 'ar', 'zh-cn'), ELT(1 + r % 2, 'private', 'all_users'),
    ELT(1 + r % 5, 'America/New_York', 'Europe/Paris', 'Asia/Kolkata', 'UTC', 'America/Sao_Paulo')),
  user_id
FROM (SELECT seq, (seq - 1) DIV {learners} AS k, 1 + (seq - 1) % {learners} AS user_id,
        CRC32(CONCAT('preference', seq)) AS r
      FROM seq_1_to_{preferences}) p;

INSERT INTO django_session
SELECT MD5(CONCAT('session', seq)),
  CONCAT('.eJx', REPLACE(REPLACE(REPLACE(TO_BASE64(CONCAT(UNHEX(SHA2(CONCAT('a', seq), 512)),
    UNHEX(SHA2(CONCAT('b', seq), 512)), UNHEX(SHA2(CONCAT('c', seq), 512)))), '\n', ''), '+', '-'), '/', '_'),
    ':1u', LEFT(MD5(CONCAT('t', seq)), 5), ':', LEFT(REPLACE(TO_BASE64(UNHEX(SHA2(CONCAT('sig', seq), 256))), '/', '_'), 43)),
  '2026-12-01' + INTERVAL (CRC32(CONCAT('expire', seq)) % 1209600) SECOND
FROM seq_1_to_{sessions};

-- Enrollment e: learner 1 + (e - 1) % {learners} in course first + (e - 1) div {learners} (0..2: distinct for one
-- learner), where a learner's first course is drawn x^3 (x uniform): courses 1 to 10 % of them hold about half the
-- first enrollments, as a platform's few popular courses do.
INSERT INTO student_courseenrollment
SELECT e.seq, c.course_key, c.start + INTERVAL (e.r % 5184000) SECOND + INTERVAL (e.seq % 1000000) MICROSECOND,
  e.r % 10 <> 0, ELT(1 + e.r % 6, 'audit', 'audit', 'audit', 'verified', 'honor', 'verified'), e.user_id
FROM (SELECT seq, 1 + (seq - 1) % {learners} AS user_id, (seq - 1) DIV {learners} AS k,
        CRC32(CONCAT('enrollment', seq)) AS r
      FROM seq_1_to_{enrollments}) e
JOIN seed_course c
  ON c.n = 1 + (FLOOR({courses} * POW(CRC32(CONCAT('first course', e.user_id)) % 10000 / 10000, 3)) + e.k) % {courses};

INSERT INTO student_anonymoususerid
SELECT id, MD5(CONCAT('anonymous', id)), course_id, user_id FROM student_courseenrollment;

-- Module row m: enrollment 1 + (m - 1) % {enrollments}, its block number (m - 1) div {enrollments} (0..6): the same
-- block ids for every learner of a course, as in a real course.
INSERT INTO courseware_studentmodule
SELECT m.seq, m.type, CONCAT('block-v1:', SUBSTRING(m.course_id, 11), '+type@', m.type, '+block@', m.block),
  m.course_id,
  CASE m.type
    WHEN 'problem' THEN CONCAT('{"seed": 1, "input_state": {"', m.block, '_2_1": {}',
      IF(m.b % 7 = 6, CONCAT(', "', m.block, '_3_1": {}'), ''), '}, "done": true, "correct_map": {"', m.block,
      '_2_1": {"correctness": "', IF(m.correct, 'correct', 'incorrect'), '", "npoints": null, "msg": "", "hint": "",',
      ' "hintmode": null, "queuestate": null, "answervariable": null}', IF(m.b % 7 = 6, CONCAT(', "', m.block,
      '_3_1": {"correctness": "correct", "npoints": null, "msg": "", "hint": "", "hintmode": null, "queuestate":',
      ' null, "answervariable": null}'), ''), '}, "student_answers": {"', m.block, '_2_1": "choice_', m.r % 4, '"',
      IF(m.b % 7 = 6, CONCAT(', "', m.block, '_3_1": ["choice_0", "choice_', 1 + m.r % 3, '"]'), ''),
      '}, "has_saved_answers": false, "attempts": ', 1 + m.r % 3, ', "last_submission_time": "',
      DATE_FORMAT(m.created + INTERVAL (m.r % 8000000) SECOND, '%Y-%m-%dT%H:%i:%SZ'),
      '", "score": {"raw_earned": ', m.correct + (m.b % 7 = 6), ', "raw_possible": ', 1 + (m.b % 7 = 6), '}}')
    WHEN 'video' THEN CONCAT('{"saved_video_position": "', SEC_TO_TIME(m.r % 1800), '", "speed": ',
      ELT(1 + m.r % 4, '1.0', '1.25', '1.5', '2.0'), ', "auto_advance": false, "youtube_is_available": true,',
      ' "bumper_last_view_date": null, "bumper_do_not_show_again": false}')
    ELSE CONCAT('{"position": ', 1 + m.r % 5, '}')
  END,
  IF(m.type = 'problem', m.correct + (m.b % 7 = 6), NULL), IF(m.type = 'problem', 1 + (m.b % 7 = 6), NULL), 'na',
  m.created + INTERVAL (m.r % 2000000) SECOND,
  m.created + INTERVAL (m.r % 2000000) SECOND + INTERVAL (m.r % 90000) SECOND + INTERVAL (m.seq % 1000000) MICROSECOND,
  m.user_id
FROM (SELECT s.seq, s.b, s.r, s.r % 3 <> 0 AS correct,
        ELT(1 + s.b % 7, 'course', 'chapter', 'sequential', 'problem', 'problem', 'video', 'problem') AS type,
        MD5(CONCAT(en.course_id, '/', s.b)) AS block, en.course_id, en.user_id, en.created
      FROM (SELECT seq, (seq - 1) DIV {enrollments} AS b, CRC32(CONCAT('module', seq)) AS r
            FROM seq_1_to_{modules}) s
      JOIN student_courseenrollment en ON en.id = 1 + (s.seq - 1) % {enrollments}) m;

-- Subsection s (0..3) of course c: the graded blocks the grade was computed over, as edx-platform stores them.
INSERT INTO grades_visibleblocks
SELECT v.seq,
  CONCAT('{"blocks": [', (SELECT GROUP_CONCAT(CONCAT('{"locator": "block-v1:', SUBSTRING(c.course_key, 11),
      '+type@problem+block@', MD5(CONCAT(c.course_key, '/', v.s, '/', p.seq)), '", "weight": 1.0, "raw_possible": ',
      1 + p.seq % 2, '.0, "graded": ', IF(p.seq % 5 = 0, 'false', 'true'), '}') ORDER BY p.seq SEPARATOR ', ')
    FROM seq_1_to_20 p), '], "course_key": "', c.course_key, '", "version": 1}'),
  TO_BASE64(UNHEX(SHA1(CONCAT(c.course_key, '/', v.s)))), c.course_key
FROM (SELECT seq, 1 + (seq - 1) % {courses} AS c, (seq - 1) DIV {courses} AS s FROM seq_1_to_{visible_blocks}) v
JOIN seed_course c ON c.n = v.c;

-- Subsection grade g: enrollment 1 + (g - 1) % {enrollments}, its subsection (g - 1) div {enrollments} (0..3).
INSERT INTO grades_persistentsubsectiongrade
SELECT en.created + INTERVAL (g.r % 3000000) SECOND, en.created + INTERVAL (g.r % 3000000 + g.r % 86400) SECOND,
  g.seq, en.user_id, en.course_id,
  CONCAT('block-v1:', SUBSTRING(en.course_id, 11), '+type@sequential+block@', MD5(CONCAT(en.course_id, '/sequential/', g.s))),
  en.created - INTERVAL 3 DAY, LEFT(MD5(CONCAT(en.course_id, 'version')), 24),
  g.r % 17, 16.0, g.r % 13, 12.0, TO_BASE64(UNHEX(SHA1(CONCAT(en.course_id, '/', g.s)))),
  IF(g.r % 6 = 0, NULL, en.created + INTERVAL (g.r % 3000000) SECOND)
FROM (SELECT seq, (seq - 1) DIV {enrollments} AS s, CRC32(CONCAT('subsection', seq)) AS r
      FROM seq_1_to_{subsection_grades}) g
JOIN student_courseenrollment en ON en.id = 1 + (g.seq - 1) % {enrollments};

INSERT INTO grades_persistentcoursegrade
SELECT created + INTERVAL (r % 4000000) SECOND, created + INTERVAL (r % 4000000 + r % 86400) SECOND, id, user_id,
  course_id, created - INTERVAL 3 DAY, LEFT(MD5(CONCAT(course_id, 'version')), 24),
  TO_BASE64(UNHEX(SHA1(CONCAT(course_id, 'grading policy')))), (r % 101) / 100, IF(r % 101 >= 50, 'Pass', ''),
  IF(r % 101 >= 50, created + INTERVAL (r % 4000000) SECOND, NULL)
FROM (SELECT id, user_id, course_id, created, CRC32(CONCAT('course grade', id)) AS r FROM student_courseenrollment) en;

INSERT INTO certificates_generatedcertificate
SELECT x.seq, en.course_id, MD5(CONCAT('verify', x.seq)), ELT(1 + x.seq % 4, '0.62', '0.75', '0.88', '0.97'),
  '', 0, 'downloadable', IF(en.mode = 'audit', 'honor', en.mode), CONCAT(u.first_name, ' ', u.last_name),
  en.created + INTERVAL 100 DAY, en.created + INTERVAL 100 DAY, '', en.user_id, '', MD5(CONCAT('download', x.seq))
FROM seq_1_to_{certificates} x
JOIN student_courseenrollment en ON en.id = 4 * x.seq
JOIN auth_user u ON u.id = en.user_id;
