-- The Agenda for Humanity's reference frame, the same in every database: its five core
-- responsibilities (names as IOM's 2019 WHS report writes them, with the core commitments as
-- reference text) and its 24 transformations. The UUIDs are fixed so that copies agree.

INSERT INTO core_responsibilities (id, number, name, core_commitments) VALUES ('0154dae9-4000-7000-8000-000000000001', 1, 'Political Leadership to Prevent and End Conflicts', '## POLITICAL LEADERSHIP TO PREVENT AND END CONFLICTS

- Commit to act early upon potential conflict situations based on early warning findings and shared conflict analysis, in accordance with international law.
- Commit to improve prevention and peaceful resolution capacities at the national, regional and international level improving the ability to work on multiple crises simultaneously.
- Commit to sustain political leadership and engagement through all stages of a crisis to prevent the emergence or relapse into conflict.
- Commit to address root causes of conflict and work to reduce fragility by investing in the development of inclusive, peaceful societies.
- Commit to make successful conflict prevention visible by capturing, consolidating and sharing good practices and lessons learnt.');
INSERT INTO core_responsibilities (id, number, name, core_commitments) VALUES ('0154dae9-4000-7000-8000-000000000002', 2, 'Uphold the Norms that Safeguard Humanity', '## UPHOLD THE NORMS THAT SAFEGUARD HUMANITY

- Commit to promote and enhance respect for international humanitarian law, international human rights law, and refugee law, where applicable.
- Commit to promote and enhance the protection of civilians and civilian objects, especially in the conduct of hostilities, for instance by working to prevent civilian harm resulting from the use of wide-area explosive weapons in populated areas, and by sparing civilian infrastructure from military use in the conduct of military operations.
- Commit to ensure all populations in need receive rapid and unimpeded humanitarian assistance.
- Commit to promote and enhance efforts to respect and protect medical personnel, transports and facilities, as well as humanitarian relief personnel and assets against attacks, threats or other violent acts.
- Commit to speak out and systematically condemn serious violations of international humanitarian law and serious violations and abuses of international human rights law and to take concrete steps to ensure accountability of perpetrators when these acts amount to crimes under international law.

## WOMEN AND GIRLS: CATALYZING ACTION TO ACHIEVE GENDER EQUALITY

- Implement a coordinated global approach to prevent and respond to gender-based violence in crisis contexts, including through the Call to Action on Protection from Gender-based Violence in Emergencies.
- Fully comply with humanitarian policies, frameworks and legally binding documents related to gender equality, women''s empowerment, and women''s rights.');
INSERT INTO core_responsibilities (id, number, name, core_commitments) VALUES ('0154dae9-4000-7000-8000-000000000003', 3, 'Leave No One Behind', '## LEAVING NO ONE BEHIND - A COMMITMENT TO ADDRESS FORCED DISPLACEMENT

- Commit to a new approach to addressing forced displacement that not only meets immediate humanitarian needs but reduces vulnerability and improves the resilience, self-reliance and protection of refugees and IDPs. Commit to implementing this new approach through coherent international, regional and national efforts that recognize both the humanitarian and development challenges of displacement. Commit to take the necessary political, policy, legal and financial steps required to address these challenges for the specific context.
- Commit to promote and support safe, dignified and durable solutions for internally displaced persons and refugees. Commit to do so in a coherent and measurable manner through international, regional and national programs and by taking the necessary policy, legal and financial steps required for the specific contexts and in order to work towards a target of 50 percent reduction in internal displacement by 2030.
- Acknowledge the global public good provided by countries and communities which are hosting large numbers of refugees. Commit to providing communities with large numbers of displaced population or receiving large numbers of returnees with the necessary political, policy and financial, support to address the humanitarian and socio-economic impact. To this end, commit to strengthen multilateral financing instruments. Commit to foster host communities'' self-reliance and resilience, as part of the comprehensive and integrated approach outlined in core commitment 1.
- Commit to collectively work towards a Global Compact on responsibility-sharing for refugees to safeguard the rights of refugees, while also effectively and predictably supporting States affected by such movements.
- Commit to actively work to uphold the institution of asylum and the principle of non-refoulement. Commit to support further accession to and strengthened implementation of national, regional and international laws and policy frameworks that ensure and improve the protection of refugees and IDPs, such as the 1951 Convention relating to the Status of Refugees and the 1967 Protocol or the AU Convention for the Protection and Assistance of Internally Displaced Persons in Africa (Kampala convention) or the Guiding Principles on internal displacement.

## WOMEN AND GIRLS: CATALYZING ACTION TO ACHIEVE GENDER EQUALITY

- Empower Women and Girls as change agents and leaders, including by increasing support for local women''s groups to participate meaningfully in humanitarian action.
- Ensure universal access to sexual and reproductive health and reproductive rights as agreed in accordance with the Programme of Action of the International Conference on Population and Development and the Beijing Platform for Action and the Outcome documents of their review conferences for all women and adolescent girls in crisis settings.
- Ensure that humanitarian programming is gender responsive.');
INSERT INTO core_responsibilities (id, number, name, core_commitments) VALUES ('0154dae9-4000-7000-8000-000000000004', 4, 'Change People''s Lives: From Delivering Aid to Ending Need', '## CHANGING PEOPLE''S LIVES - FROM DELIVERING AID TO ENDING NEED

Commit to a new way of working that meets people''s immediate humanitarian needs, while at the same time reducing risk and vulnerability over multiple years through the achievement of collective outcomes. To achieve this, commit to the following:

- a) Anticipate, Do Not Wait: to invest in risk analysis and to incentivize early action in order to minimize the impact and frequency of known risks and hazards on people.
- b) Reinforce, Do Not Replace: to support and invest in local, national and regional leadership, capacity strengthening and response systems, avoiding duplicative international mechanisms wherever possible.
- c) Preserve and retain emergency capacity: to deliver predictable and flexible urgent and life-saving assistance and protection in accordance with humanitarian principles.
- d) Transcend Humanitarian-Development Divides: work together, toward collective outcomes that ensure humanitarian needs are met, while at the same time reducing risk and vulnerability over multiple years and based on the comparative advantage of a diverse range of actors.

The primacy of humanitarian principles will continue to underpin humanitarian action.

Commit to enable coherent financing that avoids fragmentation by supporting collective outcomes over multiple years, supporting those with demonstrated comparative advantage to deliver in context.

## NATURAL DISASTERS AND CLIMATE CHANGE: MANAGING RISKS & CRISES DIFFERENTLY

- Commit to accelerate the reduction of disaster and climate-related risks through the coherent implementation of the Sendai Framework for Disaster Risk Reduction 2015-2030, the 2030 Agenda for Sustainable Development and the Paris Agreement on Climate Change, as well as other relevant strategies and programs of action, including the SIDS Accelerated Modalities of Action (SAMOA) Pathway.
- Commit to reinforce national and local leadership and capacities in managing disaster and climate-related risks through strengthened preparedness and predictable response and recovery arrangements.
- Commit to improve the understanding, anticipation and preparedness for disaster and climate-related risks by investing in data, analysis and early warning, and developing evidence-based decision-making processes that result in early action.
- Commit to increase investment in building community resilience as a critical first line of response, with the full and effective participation of women.
- Commit to ensure regional and global humanitarian assistance for natural disasters complements national and local efforts.

## HUMANITARIAN FINANCING - INVESTING IN HUMANITY

- Commit to increase substantially and diversify global support and share of resources for humanitarian assistance aimed to address the differentiated needs of populations affected by humanitarian crises in fragile situations and complex emergencies, including increasing cash-based programming in situations where relevant.
- Commit to empower national and local humanitarian action by increasing the share of financing accessible to local and national humanitarian actors and supporting the enhancement of their national delivery systems, capacities and preparedness planning.');
INSERT INTO core_responsibilities (id, number, name, core_commitments) VALUES ('0154dae9-4000-7000-8000-000000000005', 5, 'Invest in Humanity', '## HUMANITARIAN FINANCING - INVESTING IN HUMANITY

- Commit to promote and increase predictable, multi-year, unearmarked, collaborative and flexible humanitarian funding toward greater efficiency, effectiveness, transparency and accountability of humanitarian action for affected people.
- Commit to invest in risk management, preparedness and crisis prevention capacity to build the resilience of vulnerable and affected people.
- Commit to broaden and adapt the global instruments and approaches to meet urgent needs, reduce risk and vulnerability and increase resilience, without adverse impact on humanitarian principles and overall action (as also proposed in Round Table on "Changing Lives").');

INSERT INTO transformations (id, code, core_responsibility_id, name, position) VALUES ('0154dae9-4000-7000-8000-000000000064', '1A', '0154dae9-4000-7000-8000-000000000001', 'Demonstrate timely, coherent and decisive political leadership', 1);
INSERT INTO transformations (id, code, core_responsibility_id, name, position) VALUES ('0154dae9-4000-7000-8000-000000000065', '1B', '0154dae9-4000-7000-8000-000000000001', 'Act early', 2);
INSERT INTO transformations (id, code, core_responsibility_id, name, position) VALUES ('0154dae9-4000-7000-8000-000000000066', '1C', '0154dae9-4000-7000-8000-000000000001', 'Remain engaged and invest in stability', 3);
INSERT INTO transformations (id, code, core_responsibility_id, name, position) VALUES ('0154dae9-4000-7000-8000-000000000067', '1D', '0154dae9-4000-7000-8000-000000000001', 'Develop solutions with and for people', 4);
INSERT INTO transformations (id, code, core_responsibility_id, name, position) VALUES ('0154dae9-4000-7000-8000-000000000068', '2A', '0154dae9-4000-7000-8000-000000000002', 'Respect and protect civilians and civilian objects in the conduct of hostilities', 5);
INSERT INTO transformations (id, code, core_responsibility_id, name, position) VALUES ('0154dae9-4000-7000-8000-000000000069', '2B', '0154dae9-4000-7000-8000-000000000002', 'Ensure full access to and protection of the humanitarian and medical missions', 6);
INSERT INTO transformations (id, code, core_responsibility_id, name, position) VALUES ('0154dae9-4000-7000-8000-00000000006a', '2C', '0154dae9-4000-7000-8000-000000000002', 'Speak out and condemn breaches', 7);
INSERT INTO transformations (id, code, core_responsibility_id, name, position) VALUES ('0154dae9-4000-7000-8000-00000000006b', '2D', '0154dae9-4000-7000-8000-000000000002', 'Take concrete steps to improve compliance and accountability', 8);
INSERT INTO transformations (id, code, core_responsibility_id, name, position) VALUES ('0154dae9-4000-7000-8000-00000000006c', '2E', '0154dae9-4000-7000-8000-000000000002', 'Uphold the rules: a global campaign to affirm the norms that safeguard humanity', 9);
INSERT INTO transformations (id, code, core_responsibility_id, name, position) VALUES ('0154dae9-4000-7000-8000-00000000006d', '3A', '0154dae9-4000-7000-8000-000000000003', 'Reduce and address displacement', 10);
INSERT INTO transformations (id, code, core_responsibility_id, name, position) VALUES ('0154dae9-4000-7000-8000-00000000006e', '3B', '0154dae9-4000-7000-8000-000000000003', 'Address the vulnerabilities of migrants and provide more regular and lawful opportunities for migration', 11);
INSERT INTO transformations (id, code, core_responsibility_id, name, position) VALUES ('0154dae9-4000-7000-8000-00000000006f', '3C', '0154dae9-4000-7000-8000-000000000003', 'End statelessness in the next decade', 12);
INSERT INTO transformations (id, code, core_responsibility_id, name, position) VALUES ('0154dae9-4000-7000-8000-000000000070', '3D', '0154dae9-4000-7000-8000-000000000003', 'Empower and protect women and girls', 13);
INSERT INTO transformations (id, code, core_responsibility_id, name, position) VALUES ('0154dae9-4000-7000-8000-000000000071', '3E', '0154dae9-4000-7000-8000-000000000003', 'Eliminate gaps in education for children, adolescents and young people', 14);
INSERT INTO transformations (id, code, core_responsibility_id, name, position) VALUES ('0154dae9-4000-7000-8000-000000000072', '3F', '0154dae9-4000-7000-8000-000000000003', 'Enable adolescents and young people to be agents of positive transformation', 15);
INSERT INTO transformations (id, code, core_responsibility_id, name, position) VALUES ('0154dae9-4000-7000-8000-000000000073', '3G', '0154dae9-4000-7000-8000-000000000003', 'Include the most vulnerable', 16);
INSERT INTO transformations (id, code, core_responsibility_id, name, position) VALUES ('0154dae9-4000-7000-8000-000000000074', '4A', '0154dae9-4000-7000-8000-000000000004', 'Reinforce, do not replace, national and local systems', 17);
INSERT INTO transformations (id, code, core_responsibility_id, name, position) VALUES ('0154dae9-4000-7000-8000-000000000075', '4B', '0154dae9-4000-7000-8000-000000000004', 'Anticipate, do not wait for crises', 18);
INSERT INTO transformations (id, code, core_responsibility_id, name, position) VALUES ('0154dae9-4000-7000-8000-000000000076', '4C', '0154dae9-4000-7000-8000-000000000004', 'Deliver collective outcomes: transcend humanitarian-development divides', 19);
INSERT INTO transformations (id, code, core_responsibility_id, name, position) VALUES ('0154dae9-4000-7000-8000-000000000077', '5A', '0154dae9-4000-7000-8000-000000000005', 'Invest in local capacities', 20);
INSERT INTO transformations (id, code, core_responsibility_id, name, position) VALUES ('0154dae9-4000-7000-8000-000000000078', '5B', '0154dae9-4000-7000-8000-000000000005', 'Invest according to risk', 21);
INSERT INTO transformations (id, code, core_responsibility_id, name, position) VALUES ('0154dae9-4000-7000-8000-000000000079', '5C', '0154dae9-4000-7000-8000-000000000005', 'Invest in stability', 22);
INSERT INTO transformations (id, code, core_responsibility_id, name, position) VALUES ('0154dae9-4000-7000-8000-00000000007a', '5D', '0154dae9-4000-7000-8000-000000000005', 'Finance outcomes, not fragmentation: shift from funding to financing', 23);
INSERT INTO transformations (id, code, core_responsibility_id, name, position) VALUES ('0154dae9-4000-7000-8000-00000000007b', '5E', '0154dae9-4000-7000-8000-000000000005', 'Diversify the resource base and increase cost-efficiency', 24);
