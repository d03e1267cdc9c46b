"""Names: pools by the ethnicity of a family, and drawing a given name, middle names and a
surname from them."""

from dataclasses import dataclass

from thinkfamily.people.models import Sex

F = Sex.FEMALE


def _words(text: str) -> tuple:
    return tuple(text.split())


@dataclass(frozen=True)
class NamePool:
    girls: tuple
    boys: tuple
    women: tuple
    men: tuple
    older_women: tuple
    older_men: tuple
    surnames: tuple
    adult_languages: tuple = ("English",)


BRITISH = NamePool(
    girls=_words(
        "Olivia Amelia Isla Ava Mia Ivy Lily Isabella Rosie Sophia Grace Freya Ella Evie Poppy Willow Sophie Emily "
        "Chloe Jessica Ruby Millie Lucy Holly Erin Niamh Caitlin Megan Ellie Lexi Darcie Maisie Phoebe Scarlett "
        "Harper Hallie Aria Layla Matilda Esme Florence Daisy Sienna Orla Eva Elsie Hannah Katie Amber Lola Isabelle "
        "Molly Summer Georgia Imogen Jasmine Abigail Leah Zara Bethany Alice Charlotte Emma Lacey Paige Courtney "
        "Jade Keira Nevaeh Lottie Mollie Gracie Esmae Thea Luna Maya Violet Edie Bonnie Robyn Aoife Eleanor"
    ),
    boys=_words(
        "Oliver George Noah Arthur Leo Harry Oscar Archie Henry Theodore Freddie Jack Charlie Thomas Jacob Alfie "
        "Finley Joshua Lucas James William Isaac Max Ethan Mason Logan Riley Jayden Kai Tyler Callum Liam Dylan "
        "Lewis Ryan Daniel Samuel Joseph Harvey Louie Tommy Ronnie Reuben Jude Sonny Teddy Albie Frankie Luca "
        "Elijah Jenson Owen Rory Connor Kian Declan Aiden Cameron Bailey Kyle Jamie Ben Matthew Adam Nathan Luke "
        "Sean Alexander Edward Hugo Billy Jake Rhys Toby Zachary Stanley Arlo"
    ),
    women=_words(
        "Sarah Laura Gemma Emma Rachel Lisa Kelly Nicola Claire Joanne Michelle Amy Hayley Stacey Danielle Leanne "
        "Jennifer Rebecca Katie Natalie Samantha Victoria Louise Kirsty Lauren Jade Hannah Charlotte Zoe Donna Tracy "
        "Karen Julie Helen Alison Angela Dawn Paula Catherine Amanda Caroline Carly Kerry Shannon Chelsea Toni Jodie "
        "Melissa Sophie Megan Ashleigh Jessica Chantelle Kayleigh Siobhan Lindsay Vicky Becky Naomi Holly Abbie "
        "Georgia Bethany Courtney Jasmine Rachael Stephanie Kimberley Marie"
    ),
    men=_words(
        "Daniel David James Michael Christopher Matthew Mark Paul Andrew Steven Craig Lee Anthony Jason Dean Gary "
        "Richard Robert John Thomas Stephen Ryan Scott Adam Jamie Kevin Carl Wayne Darren Liam Jonathan Sean Kieran "
        "Ashley Shaun Neil Simon Joseph Luke Kyle Jordan Nathan Callum Bradley Jake Martin Philip Peter Tony Damien "
        "Gareth Leon Dale Aaron Ben Connor Joel Lewis Sam Tom Alex"
    ),
    older_women=_words(
        "Margaret Patricia Susan Linda Christine Elaine Carol Janet Barbara Pauline Jean Maureen Anne Sandra Brenda "
        "Denise Lesley Gillian Diane Wendy Valerie Sheila Joan Kathleen Theresa Bernadette Irene Eileen Lynne "
        "Jacqueline Julie Karen Tracey Deborah Joanne Alison"
    ),
    older_men=_words(
        "Peter John David Michael William Brian Alan Kenneth Anthony Terence Keith Colin Raymond Stephen Robert "
        "Thomas Francis Patrick Bernard Gerard Derek Barry Graham Philip Trevor Malcolm Roy Dennis Kevin Gary "
        "Paul Ian Mark Tony"
    ),
    surnames=_words(
        "Smith Jones Williams Brown Taylor Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright Walker "
        "White Edwards Hughes Green Hall Lewis Harris Clarke Jackson Wood Turner Martin Cooper Hill Ward Morris "
        "Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker Price Bennett "
        "Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards "
        "Marshall Anderson Simpson Ellis Adams Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Hunt Campbell "
        "Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens Jenkins Murray "
        "Dixon Harvey Graham Pearson Fletcher Walsh Gibson Howard Andrews Stewart Elliott Reynolds Saunders Payne "
        "Fox Ford Pearce Day Brooks West Lawrence Cole Atkinson Bradley Spencer Dawson Ball Burton O'Brien Watts "
        "Rose Booth Perry Ryan Grant Wells Armstrong Francis Rees Hayes Hart Hudson Newman Barrett Webster Hunter "
        "Gregory Carr Lowe Page Marsh Riley Dunn Woods Parsons Berry Stone Reid Holland Hawkins Harding Porter "
        "Robertson Newton Oliver Reed Kennedy Williamson Bird Gardner Dean Lane Cooke Bates Henderson Parry Burgess "
        "Bishop Walton Burns Nicholson Shepherd Ross Cross Long Freeman Warren Nicholls Hamilton Byrne Sutton "
        "McDonald Yates Hodgson Robson Curtis Hopkins O'Neill Quinn McCormack Doyle Gallagher Connolly Duffy "
        "McGuire Kavanagh Rimmer Ashcroft Aindow Sumner Molyneux Halsall Blundell Tyrer Swift Gore Houghton Lunt "
        "Mawdsley Heaton Cropper Rigby Aspinall Prescott Whittle McKenna Fitzgerald Maguire Flanagan Donnelly "
        "Brennan Carroll Keegan Lynch McCarthy O'Connor O'Hara Rafferty Tierney Devine Finnegan Hegarty "
        "Owens Ainsworth Culshaw Jolly Sephton Gregson Bamber Catterall Fazakerley Gerrard Leatherbarrow"
    ),
)
_POLISH = NamePool(
    girls=_words("Zofia Julia Zuzanna Maja Lena Hanna Alicja Oliwia Wiktoria Natalia Amelia Laura"),
    boys=_words("Jakub Antoni Jan Szymon Franciszek Filip Aleksander Mikołaj Wojciech Kacper Adam Igor"),
    women=_words("Agnieszka Katarzyna Magdalena Joanna Anna Monika Ewa Paulina Marta Karolina"),
    men=_words("Piotr Tomasz Krzysztof Marcin Paweł Łukasz Michał Grzegorz Dariusz Rafał"),
    older_women=_words("Barbara Krystyna Elżbieta Danuta Halina Irena Teresa"),
    older_men=_words("Stanisław Andrzej Józef Tadeusz Jerzy Zbigniew Ryszard"),
    surnames=_words("Nowak Wójcik Kowalczyk Woźniak Mazur Krawczyk Kaczmarek Zając Król Wieczorek Jabłoński Dudek"
    ),
    adult_languages=("Polish", "Polish", "English"),
)
_SOUTH_ASIAN = NamePool(
    girls=_words("Aisha Fatima Maryam Zainab Amira Priya Anaya Safa Inaya Hafsa Aleena Simran"),
    boys=_words("Muhammad Ibrahim Yusuf Ayaan Zayn Arjun Rayan Hamza Aarav Zakariya Musa Harjit"),
    women=_words("Nadia Sadia Ayesha Farhana Shabana Rubina Nusrat Parveen Sunita Anjali"),
    men=_words("Imran Asif Tariq Shahid Kamran Amir Faisal Sanjay Rajesh Harpreet"),
    older_women=_words("Begum Zubaida Shamim Kulwant Kamla"),
    older_men=_words("Mohammed Abdul Bashir Gurdev Ramesh"),
    surnames=_words("Khan Ahmed Hussain Ali Patel Shah Akhtar Rahman Iqbal Singh Kaur Chowdhury Sharma Begum"),
    adult_languages=("English", "English", "Urdu", "Bengali", "Punjabi"),
)
_CHINESE = NamePool(
    girls=_words("Mei Ling Xin Yan Amy Chloe Grace Jessica"),
    boys=_words("Wei Jun Hao Ming Jason Ryan Ethan Kevin"),
    women=_words("Li Na Ying Hui Jing Xiu"),
    men=_words("Wei Jian Hong Gang Tao Bo"),
    older_women=_words("Mei Lan Fang"),
    older_men=_words("Chun Guo Ping"),
    surnames=_words("Li Wang Zhang Chen Liu Yang Huang Wong Lam Cheung"),
    adult_languages=("English", "Cantonese", "Mandarin"),
)
_AFRICAN = NamePool(
    girls=_words("Amara Adaeze Nia Zuri Chioma Ama Esther Grace Blessing Favour"),
    boys=_words("Kwame Tobi David Emmanuel Daniel Samuel Chidi Kofi Joshua Michael"),
    women=_words("Ngozi Abena Funmilayo Grace Blessing Mercy Comfort Joy"),
    men=_words("Oluwaseun Kwabena Emmanuel Chukwuemeka Samuel Joseph Patrick Isaac"),
    older_women=_words("Comfort Mercy Patience"),
    older_men=_words("Joseph Augustine Francis"),
    surnames=_words("Okafor Adeyemi Mensah Okoye Boateng Nwosu Asante Eze Owusu Adebayo"),
)
# Unaccompanied asylum-seeking children: (ethnicity, language, boys, girls, surnames)
UASC_ORIGINS = [
    ("Black or Black British - African", "Tigrinya", "Yonas Filmon Robel Semere Daniel Henok",
     "Selam Helen Senait", "Tesfay Haile Gebremedhin Berhane Kidane"),
    ("Black or Black British - African", "Arabic", "Mohammed Ahmed Osman Ibrahim Adam Mustafa", "Amna Fatima",
     "Osman Adam Abdalla Ibrahim Yousif"),
    ("Asian or Asian British - Any other Asian background", "Pashto", "Samiullah Abdullah Ahmad Jawad Farhad",
     "Mariam", "Ahmadzai Rahimi Safi Noori Stanikzai"),
    ("White - Any other White background", "Albanian", "Ardit Kledi Erion Besnik Arben", "Elira",
     "Hoxha Krasniqi Shehu Gashi Berisha"),
    ("Other Ethnic Groups - Any other ethnic group", "Kurdish (Sorani)", "Karwan Rebwar Dana Hawre", "Shilan",
     "Mahmoud Rasul Karim Aziz"),
    ("Asian or Asian British - Any other Asian background", "Vietnamese", "Minh Duc Tuan Hieu", "Linh",
     "Nguyen Tran Le Pham"),
]

ETHNICITIES = [
    ("White - British", 915, BRITISH),
    ("White - Irish", 6, BRITISH),
    ("White - Any other White background", 22, _POLISH),
    ("Mixed - White and Black Caribbean", 7, BRITISH),
    ("Mixed - White and Black African", 4, BRITISH),
    ("Mixed - White and Asian", 7, BRITISH),
    ("Asian or Asian British - Indian", 4, _SOUTH_ASIAN),
    ("Asian or Asian British - Pakistani", 2, _SOUTH_ASIAN),
    ("Asian or Asian British - Bangladeshi", 2, _SOUTH_ASIAN),
    ("Black or Black British - African", 6, _AFRICAN),
    ("Black or Black British - Caribbean", 2, BRITISH),
    ("Other Ethnic Groups - Chinese", 5, _CHINESE),
    ("Other Ethnic Groups - Any other ethnic group", 5, BRITISH),
    ("Not stated", 11, BRITISH),
]



def given_name(rng, names: NamePool, sex, dob) -> str:
    if dob.year >= 2004:
        pool = names.girls if sex == F else names.boys
    elif dob.year >= 1975:
        pool = names.women if sex == F else names.men
    else:
        pool = names.older_women if sex == F else names.older_men
    return pool[rng.randrange(len(pool))]


def middle_names(rng, names: NamePool, sex, dob, given) -> str:
    roll = rng.random()
    if roll < 0.42:
        return ""
    first = given_name(rng, names, sex, dob)
    if first == given:
        return ""
    if roll > 0.93:
        second = given_name(rng, names, sex, dob)
        if second not in (first, given):
            return f"{first} {second}"
    return first


def surname(rng, names: NamePool) -> str:
    name = names.surnames[rng.randrange(len(names.surnames))]
    if names is BRITISH and rng.random() < 0.01:
        name = f"{name}-{names.surnames[rng.randrange(len(names.surnames))]}"
    return name


def adult_language(rng, names: NamePool) -> str:
    langs = names.adult_languages
    return langs[rng.randrange(len(langs))]
